"""Generation round 3, rule by rule, on small texts of our own: real questions get a share of the
queue, relative-clause and "X, so Y" questions, "X means Y" definitions, false statements that
change a number plainly and swap only trusted people, captions and dated headlines as furniture,
the article's own vocabulary never blanked, and enumeration cards that stand alone."""

from __future__ import annotations

from quizzes.generation.claims import in_third_person
from quizzes.generation.clean import clean_text
from quizzes.generation.definitions import find_definitions
from quizzes.generation.distractors import perturb_number
from quizzes.generation.items.true_false import _other_number
from quizzes.generation.nlp import analyse, get_nlp
from quizzes.generation.pipeline import generate
from quizzes.generation.quality import way_of
from quizzes.generation.question_grammar import Names
from quizzes.generation.questions import relative_questions
from tests.generation.drafting import all_drafts

MINE = """The Copper Hill mine rescue

The Copper Hill mine collapsed on 5 August 2010 and trapped 33 miners 700 metres below the \
surface. The rescue was led by André Sougarret, who had run mines in the north for twenty years. \
Engineers drilled three boreholes at once, so the rescue finished months early. \
The capsule was just over half a metre wide, so each man stood upright for the journey. \
A borehole means a narrow shaft drilled from the surface to reach the miners. \
Laurence Golborne, who was the mining minister, visited the site every day. \
The first miner reached the surface on 13 October 2010, and the last one came up 22 hours later. \
The miners had rationed their food, eating two spoonfuls of tuna every 48 hours. \
The miners were weak but alive, and the miners were flown to a hospital in Copiapó. \
Each of the miners received a motorcycle from a businessman who admired them.

President Piñera greets the first miner at the surface (left) with the rescuer Manuel Gonzalez \
(right).

Rescue drill breaks through to trapped miners (October 9 2010).
"""


def test_a_relative_clause_on_a_named_person_asks_who() -> None:
    doc = get_nlp()("The rescue was led by André Sougarret, who had run mines in the north.")
    names = Names({"andré sougarret": "PERSON"})
    found = [(q.question, q.answer) for q in relative_questions(doc[:], names)]
    assert found == [("Who had run mines in the north?", "André Sougarret")]
    # Not for a clause with a word that points outside the question.
    aside = get_nlp()("The rescue was led by André Sougarret, who said that it was hard work.")
    assert not relative_questions(aside[:], names)


def test_x_so_y_asks_why_y_with_x_as_the_answer() -> None:
    whys = {d.prompt: d.answer for d in all_drafts(MINE) if d.generator == "flashcard.why"}
    assert whys.get("Why did the rescue finish months early?") == (
        "Because engineers drilled three boreholes at once"
    )
    # "The capsule was …, so each man stood upright": fine; a cause with "it" would not be.
    assert all(" it " not in answer for answer in whys.values())


def test_a_meaning_given_in_so_many_words_is_a_definition() -> None:
    definitions = find_definitions(analyse(clean_text(MINE)))
    assert (
        definitions["borehole"][0] == "a narrow shaft drilled from the surface to reach the miners"
    )


def test_a_false_statement_changes_a_number_plainly() -> None:
    # A year becomes another year the article names (2 to 15 years away), else five earlier.
    assert _other_number("1931", "DATE", "", (1925, 1932, 1940)) == ["1925"]
    assert _other_number("1931", "DATE", "") == ["1926"]
    assert _other_number("October 2019", "DATE", "") == ["October 2014"]
    assert _other_number("650", "CARDINAL", " grams") == ["1,300"] or _other_number(
        "650", "CARDINAL", " grams"
    ) == ["325"]
    # A small count or a measure is a side detail (raters kept a quarter of such edits).
    assert _other_number("four", "CARDINAL", " days") == []
    assert _other_number("14", "CARDINAL", " days") == []
    assert _other_number("6.9", "CARDINAL", "") == []
    assert _other_number("30", "PERCENT", "") == ["60"]
    # Never inside a name, before its own conversion, or a day of the month alone.
    assert _other_number("2012", "DATE", " DA14 passed") == []
    assert _other_number("900", "QUANTITY", " g (2 lb) tin") == []
    assert _other_number("13 March", "DATE", "") == []
    edited = [d.false_variant for d in all_drafts(MINE) if d.false_variant is not None]
    for draft in edited:
        _, original, replacement = draft.edit
        digits = [c for c in original if c.isdigit()]
        if digits and original[:1].isdigit():
            assert (
                abs(int("".join(digits)) - int("".join(c for c in replacement if c.isdigit()))) >= 5
            )


def test_captions_and_dated_headlines_are_furniture() -> None:
    document = clean_text(MINE)
    assert "(left)" not in document.text
    assert "Rescue drill breaks through" not in document.text
    reasons = {removed.reason for removed in document.removed}
    assert {"photo caption", "headline with its date"} <= reasons


def test_the_articles_own_vocabulary_is_never_the_blank() -> None:
    blanks = [d.answer.lower() for d in all_drafts(MINE) if d.generator == "cloze.claim"]
    assert "miners" not in blanks
    assert "miner" not in blanks


def test_real_questions_lead_beside_statements_and_blanks() -> None:
    generation = generate(MINE)
    head = [way_of(item) for item in generation.items[:9]]
    assert head.count("question") >= 2, [(i.generator, i.prompt) for i in generation.items[:9]]


def test_an_enumeration_whose_announcement_points_outside_is_not_asked() -> None:
    text = (
        "Three courses\n\nWe have three courses open to us about unjust laws. "
        "First, we might be content to obey them. Second, we might try to amend them. "
        "Third, we might break them at once.\n\nThe essay was printed in 1849 in Boston."
    )
    cards = [d for d in all_drafts(text) if d.generator == "flashcard.enumeration"]
    assert all("them" not in card.prompt and "[" not in card.prompt for card in cards)


def test_an_essayists_i_is_told_of_the_author() -> None:
    assert in_third_person("I think that the clocks should stay where they are.") == (
        "The author thinks that the clocks should stay where they are."
    )
    assert in_third_person("I saw that my neighbours agreed with me.") == (
        "The author saw that the author's neighbours agreed with the author."
    )
    assert in_third_person("We must act before the spring.") is None  # "we" has no author
    essay = (
        "Against the clock\n\nI believe that the twice-yearly clock change harms sleep. "
        "I am convinced that permanent standard time suits the body best. "
        "Witness the rise in road accidents in the week after the spring change. "
        "Sleep researchers say that morning light sets the body clock.\n"
    )
    prompts = [d.prompt for d in all_drafts(essay) if d.type == "cloze"]
    assert prompts
    assert not any(" I " in p or "Witness" in p for p in prompts), prompts


BIOGRAPHY = """Srinivasa Ramanujan

Srinivasa Ramanujan was an Indian mathematician who made substantial contributions to analysis. \
Ramanujan was born in Erode into a poor Tamil Brahmin family in 1887. \
In 1913 the Cambridge lecturer G. H. Hardy received a long letter from Ramanujan. \
Hardy arranged a scholarship so that Ramanujan could come to Cambridge, and Ramanujan arrived in \
April 1914. Ramanujan and Hardy published a formula for partitions in 1918. \
Since 2012 India has celebrated 22 December, his birthday, as National Mathematics Day. \
Many home ovens run 10 to 20 degrees cooler than the dial shows, Ramanujan noted in 1916. \
Hardy remarked that his taxi had the dull number 1729 in 1917.
"""


def test_false_statements_never_take_a_description_for_a_person_or_split_a_range() -> None:
    statements = [d.false_variant.prompt for d in all_drafts(BIOGRAPHY) if d.false_variant]
    assert statements
    assert not any("Tamil Brahmin" in s and "family" not in s for s in statements), statements
    assert not any("20 to 20" in s or "10 to 40" in s or "5 to 20" in s for s in statements)


def test_a_purpose_ends_where_a_second_clause_joins_it() -> None:
    whys = {d.prompt: d.answer for d in all_drafts(BIOGRAPHY) if d.generator == "flashcard.why"}
    # The question may not carry the second clause either: no card rather than a garbled one.
    assert not any("arrived" in prompt or "arrived" in answer for prompt, answer in whys.items())
    text = BIOGRAPHY.replace(", and Ramanujan arrived in April 1914", "")
    whys = {d.prompt: d.answer for d in all_drafts(text) if d.generator == "flashcard.why"}
    assert "So that Ramanujan could come to Cambridge" in whys.values(), whys


def test_a_date_with_an_apposition_after_it_is_not_asked_with_when() -> None:
    prompts = [d.prompt for d in all_drafts(BIOGRAPHY) if d.generator.endswith("wh_time")]
    assert not any("celebrated" in p and "birthday," in p for p in prompts), prompts


def test_a_claim_that_leans_on_the_sentence_before_is_blanked_with_it_given() -> None:
    text = (
        "Pumps\n\nThe town council replaced the old steam pumps with electric ones in 1921. "
        "The result of this was a sharp fall in the price of drinking water across the district. "
        "Engineers from Leeds installed the new pumps over two summers.\n"
    )
    clozes = [d.prompt for d in all_drafts(text) if d.generator == "cloze.claim"]
    leaning = [p for p in clozes if "The result of this" in p]
    assert leaning, clozes
    assert all(p.startswith("Fill in the blank: The town council replaced") for p in leaning)


def test_a_false_statement_swaps_in_only_someone_the_text_treats_as_a_person() -> None:
    text = (
        "The Great Charter\n\nMagna Carta was agreed by King John at Runnymede in June 1215. "
        "The charter was written in Medieval Latin by clerks of the royal household. "
        "Archbishop Stephen Langton drafted much of the text in the spring of 1215. "
        "King John asked the pope to annul the charter in August 1215. "
        "John died of dysentery in October 1216 at Newark Castle. "
        "Stephen Langton later said that the barons had been right to rebel in 1215.\n"
    )
    swapped_in = [d.false_variant.edit[2] for d in all_drafts(text) if d.false_variant]
    assert "Magna Carta" not in swapped_in
    assert "Medieval Latin" not in swapped_in


def test_a_range_gets_no_nearby_number_as_a_rival() -> None:
    assert perturb_number("two to three months") == []
    assert perturb_number("10 to 20 degrees") == []
    assert perturb_number("1412") != []


def test_an_acronym_the_article_uses_is_asked_as_what_it_stands_for() -> None:
    text = (
        "The climate panel\n\nThe Intergovernmental Panel on Climate Change (IPCC) was set up "
        "in 1988 by two United Nations bodies. The IPCC publishes assessment reports every six or "
        "seven years. Thousands of scientists review the evidence for the IPCC without pay. "
        "Governments approve each summary of the IPCC line by line.\n"
    )
    asked = {d.prompt: d.answer for d in all_drafts(text) if d.generator == "short_answer.acronym"}
    assert asked == {"What does IPCC stand for?": "Intergovernmental Panel on Climate Change"}


def test_round_four_shapes_are_no_longer_made() -> None:
    text = (
        "Netflix and the clocks\n\nNetflix is an American company that began as a service renting DVDs by post. "
        "Twice a year, most of Europe and North America changes its clocks by one hour. "
        "Rosalind Franklin studied DNA fibres at King's College London from 1951. "
        "Her father, Ellis Franklin, was a merchant banker in London who taught evening classes. "
        "Rosalind Franklin died in London in April 1958 at the age of 37. "
        "Wangari Maathai, who founded the Green Belt Movement, organised women to plant trees.\n"
    )
    drafts = all_drafts(text)
    prompts = [d.prompt for d in drafts]
    assert not any("mean by “Netflix”" in p for p in prompts)  # the topic defined
    assert not any(
        d.answer.startswith("most of") for d in drafts if d.generator.endswith("wh_subject")
    )
    assert not any(d.false_variant.edit[2] == "Ellis Franklin" for d in drafts if d.false_variant)
    assert not any(d.answer == "organised women" for d in drafts)
    assert not any(d.answer == "the age of 37" for d in drafts)


def test_a_scraped_pages_headline_is_its_title_not_the_sites_name() -> None:
    page = (
        "CASEBOOK WEEKLY\n\nStrategy stories for managers\n\nJump to content\n\n"
        "Cases › Innovation › Disruption\n\n"
        "Kodak's Decline: How the Company That Invented the Digital Camera Went Bankrupt\n\n"
        "Roosevelt signs the act at the White House, 22 June 1944, watched by veterans.\n\n"
        "For most of the twentieth century Kodak was one of the most admired companies in the "
        "United States, and its digital camera, invented in 1975, should have saved it. Kodak "
        "sold film, chemicals and paper, and the company earned most of its profit on film. "
        "When digital photography spread, Kodak's film sales fell and the company went bankrupt "
        "in January 2012.\n"
    )
    document = clean_text(page)
    assert document.title.startswith("Kodak's Decline")
    assert "Roosevelt signs" not in document.text  # a caption: a date set off by commas


def test_round_six_shapes_are_no_longer_made() -> None:
    text = (
        "The supersonic airliner\n\nEnlarge\n\nCrowds on the terrace wait through the morning "
        "fog.\n\nPhoto: Airport archive\n\n"
        "Concorde is not the first supersonic airliner to fly, and the Tu-144 flew earlier. "
        "The U.S. Geological Survey gave a preliminary magnitude of 6.9 for the 1989 earthquake. "
        "Jet travel boomed in the early 1990s, and fares fell by half in the 1960s. "
        "A spokesman for the British Aircraft Corporation said the company sent its warmest "
        "congratulations to its French partners in 1969. "
        "The second prototype, 002, was completed at Filton, near Bristol, in 1969.\n"
    )
    drafts = all_drafts(text)
    assert "Crowds on the terrace" not in clean_text(text).text  # a caption after "Enlarge"
    assert not any(
        d.generator == "flashcard.definition" and "first supersonic" in d.answer for d in drafts
    )  # "is not": no definition
    statements = [d.false_variant.prompt for d in drafts if d.false_variant]
    assert not any(
        "13.8" in s or "1999s" in s or ("1990s" not in s and "early 19" in s) for s in statements
    ), statements
    assert not any(
        s.endswith("4, was completed at Filton, near Bristol, in 1969.") for s in statements
    )
    assert not any(d.prompt.startswith("What said") for d in drafts)
