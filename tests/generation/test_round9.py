"""Generation, round 9 rules, on small texts of our own and
tuning articles: two joined clauses asked one at a time,
no subject question for the main figure or a common noun, no false statement from a small
count, no everyday or relative-time blank, no statement that leans on "there", "such" or "the
same", a columnist's blurb as page furniture, a measure with its unit still falsified, a
sentence whose true statement the balance drops gets its question back, and multiple choice
kept only for the mix at the end of the queue."""

from __future__ import annotations

from pathlib import Path

from quizzes.generation import types
from quizzes.generation.claims import in_third_person
from quizzes.generation.clean import clean_text
from quizzes.generation.items.true_false import _other_number
from quizzes.generation.nlp import get_nlp
from quizzes.generation.pipeline import generate
from quizzes.generation.quality import _refill
from quizzes.generation.question_grammar import Names
from quizzes.generation.questions import main_clauses, wh_questions
from quizzes.generation.types import Evidence, ItemDraft, Rejection
from tests.generation.drafting import all_drafts

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
REPORT = """Surgeons replace a heart in Cape Town

A team of surgeons at Groote Schuur Hospital replaced the heart of a patient yesterday. The \
patient, Louis Washkansky, was a grocer from Cape Town. Louis Washkansky had been in the \
hospital for several weeks. The operation was led by Christiaan Barnard, who had trained in \
Minneapolis. Louis Washkansky woke from the anaesthetic in the evening, and his doctors said \
that he was doing well. A crowd of reporters gathered outside the hospital as the news spread. \
Two nurses stayed with him through the night. Louis Washkansky had suffered from diabetes for \
many years. James Hardy placed a chimpanzee's heart in a man in 1964, but the patient lived for \
only a short time. Barnard had practised the operation on dogs, and Hardy had tried it in \
Mississippi. Louis Washkansky is being kept in a sterile room. The operation took five hours in \
theatre. Visitors must wear gowns and masks there. Washkansky's wife visited such rooms before. \
Louis Washkansky thanked the team.
"""


def test_two_joined_clauses_are_asked_one_at_a_time() -> None:
    doc = get_nlp()(
        "Roger Béteille was put in charge of the technical work in 1967, and Henri Ziegler "
        "became the leading manager of the venture."
    )
    halves = main_clauses(doc[:])
    assert halves is not None
    assert halves[0].text.endswith("in 1967")
    assert halves[1].text.startswith("Henri Ziegler")
    asked = {
        (q.question, q.answer)
        for q in wh_questions(
            doc[:], Names({"henri ziegler": "PERSON", "roger béteille": "PERSON"})
        )
    }
    assert ("When was Roger Béteille put in charge of the technical work?", "1967") in asked
    assert (
        "What did Henri Ziegler become?",
        "the leading manager of the venture",
    ) in asked
    # A clause that shares its subject or a third clause: the sentence stays whole.
    assert main_clauses(get_nlp()("Tharp drew the maps and Heezen, who sailed, wrote.")[:]) is None
    shared = get_nlp()("The rover landed in August and sent pictures within hours.")
    assert main_clauses(shared[:]) is None


def test_no_subject_question_for_the_main_figure_or_a_common_noun() -> None:
    prompts = {d.prompt for d in all_drafts(REPORT) if ".wh_subject" in d.generator}
    # "Who had been in the hospital?" is the article's own patient: guessed without reading.
    assert not any("been in the hospital" in p for p in prompts)
    # "What gathered outside the hospital?" → "A crowd of reporters": no name to learn.
    assert not any("gathered outside" in p for p in prompts)
    assert not any(p.startswith("What placed") for p in prompts)
    # The other clause of the same sentence is still asked ("When did James Hardy place …?").
    whens = {d.prompt for d in all_drafts(REPORT) if d.generator.endswith("wh_time")}
    assert any("place a chimpanzee's heart" in p for p in whens)


def test_no_false_statement_from_a_small_count_and_no_everyday_or_relative_time_blank() -> None:
    drafts = all_drafts(REPORT)
    edits = [d.false_variant.edit for d in drafts if d.false_variant is not None]
    edits += [d.edit for d in drafts if d.edit is not None]
    assert not any(original.lower() in ("two", "five") for _, original, _ in edits)
    blanks = {d.answer.lower() for d in drafts if d.generator == "cloze.claim"}
    assert not blanks & {"nurses", "evening", "the evening", "night", "the night"}
    assert blanks  # names and rarer words are still asked for


def test_a_statement_that_leans_on_there_such_or_the_same_is_not_made() -> None:
    statements = [d.prompt for d in all_drafts(REPORT) if d.type in ("true_false", "cloze")]
    assert not any("masks there" in p for p in statements)
    assert not any("such rooms" in p for p in statements)
    assert statements  # the rest of the report still gives statements


def test_a_columnist_s_blurb_is_page_furniture() -> None:
    page = (
        "Stop the clocks\n\nI have come to think that changing the clocks twice a year does more "
        "harm than good. Sleep suffers for a week after each change, and the roads are less safe "
        "in the dark evenings. Most of Europe voted to stop in 2019.\n\nTomás Ferreira writes "
        "about science and public life. The views expressed are the author's own.\n\n"
        "Author's note: the views in this column do not represent those of any school.\n"
    )
    document = clean_text(page)
    assert "writes about" not in document.text
    assert "Author's note" not in document.text
    reasons = {r.reason for r in document.removed}
    assert "note on the author" in reasons
    # A biography's opening line about a writer is the article, not a blurb.
    life = clean_text(
        "Nellie Bly\n\nNellie Bly was an American journalist who went round the world in 72 days "
        "in 1889 and 1890. She wrote for the New York World, and her reports on an asylum led to "
        "reforms. Nellie Bly reports on the asylum made her famous across the country.\n"
    )
    assert "American journalist" in life.text


def test_an_essayist_s_of_mine_is_told_of_the_author() -> None:
    assert in_third_person("A neighbour of mine, Graham, teaches maths.") == (
        "A neighbour of the author's, Graham, teaches maths."
    )


def test_a_name_used_as_a_unit_is_not_swapped_for_a_person() -> None:
    # Held-out-8's speed of sound: "aircraft approaching Mach 1" became "approaching Chuck
    # Yeager 1" (Mach is a person there too).
    text = (ARTICLES / "held-out-8" / "science-speed-of-sound.txt").read_text(encoding="utf-8")
    drafts = all_drafts(text)
    falsified = [d.false_variant for d in drafts if d.false_variant is not None]
    falsified += [d for d in drafts if d.edit is not None]
    assert falsified
    assert all("approaching Mach 1" in d.prompt for d in falsified if "approaching" in d.prompt)


def test_no_contrast_card_between_a_thing_and_people_in_general() -> None:
    text = (
        "Cleaning a graze\n\nA graze is a shallow wound where the skin has been scraped away. "
        "Whereas many people reach for strong antiseptics, clean running water is usually the "
        "best way to wash a graze. Whereas tap water is safe in most towns, well water should be "
        "boiled first. Pat the skin dry with a clean cloth and cover it with a plaster.\n"
    )
    prompts = [d.prompt for d in all_drafts(text) if d.generator == "flashcard.contrast"]
    assert not any("many people" in p for p in prompts)


def test_a_measure_with_its_unit_still_makes_a_false_statement() -> None:
    # "15 cent a bag" → "30", "five feet a day" → "ten": raters kept 4 of 4 (round 9); a bare
    # announced count ("three main dangers") stays out.
    assert _other_number("15", "CARDINAL", " cent per bag") == ["30"]
    assert _other_number("as much as five feet", "QUANTITY", " a day") == ["as much as ten feet"]
    assert _other_number("three", "CARDINAL", " main dangers") == []
    assert _other_number("One", "CARDINAL", " mile") == []  # "Two mile" would read wrong


def _statement(
    sentence: Evidence, prompt: str, score: float, kind: str = "true_false"
) -> ItemDraft:
    return ItemDraft(
        type=kind,  # type: ignore[arg-type]
        prompt=prompt,
        answer="True" if kind == "true_false" else "an answer",
        tests=types.Tested("claim", sentence.text),
        evidence=sentence,
        generator="true_false.claim" if kind == "true_false" else "short_answer.wh_relative",
        score=score,
    )


def test_a_sentence_whose_true_statement_is_dropped_gets_its_question_back() -> None:
    one, two = Evidence(0, 10, "First one."), Evidence(11, 21, "Second one")
    first = _statement(one, "True or false: first", 0.9)
    second = _statement(two, "True or false: second", 0.8)
    question = _statement(two, "Who did the second?", 0.6, kind="short_answer")
    rejected = [Rejection(question, ("the sentence is already tested twice",))]
    queue = [first, second]
    refilled = _refill(queue, [first], [second], rejected, max_items=10)
    assert refilled == [first, question]  # in the dropped statement's place
    assert rejected == []
    # Not for a question refused for anything else.
    other = [Rejection(question, ("near duplicate of a better item",))]
    assert _refill(queue, [first], [second], other, max_items=10) == [first]


def test_multiple_choice_kept_only_for_the_mix_comes_last() -> None:
    # Raters kept 0 of 10 blank-choice items (rounds 5–9): the bank keeps a few for quizzes,
    # behind every other item of the queue.
    text = (ARTICLES / "held-out-9" / "news-mount-st-helens-eruption.txt").read_text(
        encoding="utf-8"
    )
    items = list(generate(text).items)
    kinds = [item.type for item in items]
    assert "mcq" in kinds
    first_choice = kinds.index("mcq")
    assert all(kind == "mcq" for kind in kinds[first_choice:])


def test_a_numbered_step_and_a_sentence_about_others_are_no_statements() -> None:
    text = (
        "Washing your hands\n\nSoap lifts grease and the germs bound up in it off the skin. "
        "Most people wash too briefly. The common mistakes are rushing and skipping the "
        "thumbs.\n\n1. Wet your hands with clean running water.\n\n2. Rub palm to palm with "
        "your fingers interlaced, so that the soap gets between them.\n\n3. Rinse well under "
        "running water.\n\nOthers include forgetting the fingertips and using a damp towel.\n"
    )
    statements = [d.prompt for d in all_drafts(text) if d.type in ("true_false", "cloze")]
    assert not any("palm to palm" in p or "Others include" in p for p in statements)
    assert statements  # the plain statements of the guide are still made
