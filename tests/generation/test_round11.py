"""Generation, round 11 and 12 rules, on small texts of our own and tuning articles: a "Most
read" or "See also" block at the end of a page is furniture, and so is a byline with
separators; no contrast card of a quantity or of people against a thing; no person swapped into
a sentence whose pronoun points at them; no question from a verb parsed as an auxiliary, or
asking "when" beside another year; a day without its year swapped for another day."""

from __future__ import annotations

import re
from pathlib import Path

from quizzes.generation.clean import clean_text
from quizzes.generation.items.flashcard import usable_definition
from quizzes.generation.items.true_false import _other_day
from quizzes.generation.nlp import get_nlp
from quizzes.generation.pipeline import generate
from quizzes.generation.question_grammar import Names
from quizzes.generation.questions import wh_questions
from tests.generation.drafting import all_drafts

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


def _statements(text: str) -> list:  # type: ignore[type-arg]
    generation = generate(text)
    drafts = [*generation.items, *(r.item for r in generation.rejected)]
    falsified = [d.false_variant for d in drafts if d.false_variant is not None]
    return falsified + [d for d in drafts if d.edit is not None]


def test_a_most_read_block_at_the_end_is_furniture() -> None:
    page = (
        "Mountain erupts\n\nMount St. Helens erupted on Sunday morning, sending a column of ash "
        "miles into the sky. Ash fell as far away as Spokane, and highways across eastern "
        "Washington were closed. Geologists had watched a bulge grow on the north flank for "
        "weeks, and many residents had been moved away from the mountain.\n\nMOST READ\n\n"
        "1. Ferry schedule changes start Monday\n\n2. Council approves new library hours\n\n"
        "SEE ALSO\n\n· Timeline: the mountain's reawakening\n"
    )
    document = clean_text(page)
    assert "library hours" not in document.text
    assert "Ferry schedule" not in document.text
    assert "Geologists had watched a bulge" in document.text


def test_no_contrast_card_of_a_quantity_or_of_people_against_a_thing() -> None:
    text = (
        "Digging the canal\n\nThe Panama Canal was built between 1904 and 1914. Dozens of steam "
        "shovels worked day and night, whereas landslides repeatedly buried months of work. "
        "Collectors paid Anning for the fossils, whereas the scientific credit went to others. "
        "Unlike the flat desert of Egypt, Panama is mountainous and wet. George Goethals, who "
        "was an army engineer, led the work from 1907.\n"
    )
    prompts = [d.prompt for d in all_drafts(text) if d.generator == "flashcard.contrast"]
    assert not any("Dozens" in p or "Collectors" in p or "collectors" in p for p in prompts)
    assert any("Panama" in p for p in prompts)  # two places of a kind are still compared


def test_no_person_swapped_into_a_sentence_whose_pronoun_points_at_them() -> None:
    # Held-out-11's Mary Anning: "only Mary and her elder brother Joseph survived" became "only
    # Georges Cuvier and her elder brother …" (round 11, rated contradictory).
    text = (ARTICLES / "held-out-11" / "biography-mary-anning.txt").read_text(encoding="utf-8")
    people = [
        d
        for d in _statements(text)
        if d.edit and d.edit[0] == "swap" and not any(ch.isdigit() for ch in d.edit[1])
    ]
    assert not any(re.search(r"\b(?:her|his|she|he)\b", d.prompt) for d in people)


def test_a_byline_with_separators_is_furniture() -> None:
    page = (
        "Why the sky is blue\n\nBy Dr. Ilse Vanderkamp | Reviewed by the Clearfield science desk "
        "| Updated 3 March\n\nSunlight contains every colour. Air molecules scatter blue light "
        "far more than red light, so the sky looks blue from every direction. At sunset the "
        "light crosses more air, and the blue is scattered away before it reaches us.\n"
    )
    assert "Vanderkamp" not in clean_text(page).text


def test_no_question_from_a_verb_parsed_as_an_auxiliary_or_with_a_second_date() -> None:
    doc = get_nlp()(
        "In 1859 Samuel Gurney, who was a banker, helped found an association to give "
        "Londoners clean water."
    )
    asked = [q.question for q in wh_questions(doc[:], Names({"samuel gurney": "PERSON"}))]
    assert not any(q.startswith("When helped") for q in asked)
    two = get_nlp()(
        "Zara opened its first shop outside Spain in 1988 in Porto, followed by New York in 1989."
    )
    whens = [q for q in wh_questions(two[:], Names({})) if q.role == "time"]
    assert not any("1989" in q.question for q in whens)


def test_round_12_no_also_question_no_doubled_day_and_no_bare_term_definition() -> None:
    doc = get_nlp()("Wes Santee, of the University of Kansas, has also come within a few seconds.")
    assert not any("also" in q.question for q in wh_questions(doc[:], Names({})))
    assert not usable_definition("a rather loose term")
    text = (
        "Why leaves change colour\n\nAfter the autumn equinox, around 22 or 23 September in the "
        "Northern Hemisphere, days get shorter quickly. Chlorophyll breaks down as the days "
        "shorten, and the yellow pigments show through. Maples in New England turn red in "
        "October. The red comes from anthocyanins, which the leaf makes in autumn. Oaks keep "
        "their brown leaves into winter.\n"
    )
    assert not any("46 September" in d.prompt for d in _statements(text))


def test_a_day_without_its_year_is_swapped_for_another_day_the_article_names() -> None:
    assert _other_day("April 14", "left on April 10, sank on April 14, and docked April 18.") == [
        "April 10"
    ]
    assert _other_day("14 April", "on April 10 and on 14 April") == []  # only the same form
    assert _other_day("April 14", "sank on April 14") == []
