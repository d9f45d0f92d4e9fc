"""Each question form of generation v2 on small real-looking texts (none of them the bundled
article's): wh-questions by transformation, why / what follows / how do X and Y differ, name the
set, definitions, typed distractors, the ranker's threshold, and the furniture cleaner."""

from __future__ import annotations

import pytest

from quizzes.generation.clean import clean_text
from quizzes.generation.nlp import analyse, get_nlp
from quizzes.generation.pipeline import generate
from quizzes.generation.quality import way_of
from quizzes.generation.question_grammar import Names, verb_lemma
from quizzes.generation.questions import clause_question, wh_questions
from quizzes.generation.types import Generation, Options

HISTORY = """The founding of the university

The university was founded in 1411 by a group of teachers in St Andrews. Bishop Henry Wardlaw \
granted the teachers a charter in 1412. The charter gave the new university the right to award \
degrees.

Wardlaw had studied in Paris, and he wanted Scottish students to learn at home. James Kennedy \
founded St Salvator's College in 1450. The college had twelve teachers and a chapel.

Students came to the town because the university offered degrees in law and theology. Teaching \
was done in Latin, whereas daily life in the town was conducted in Scots.

The Reformation reached the town in 1559. As a result, the cathedral was abandoned and fell into \
ruin. Unlike the cathedral, the university survived the Reformation.

There are three ancient colleges at the university. First, St Salvator's College was founded by \
James Kennedy. Second, St Leonard's College was founded by Prior John Hepburn. Third, St Mary's \
College was founded by Archbishop James Beaton.

The International Baccalaureate (IB) is taught at a school beside the university.
"""


@pytest.fixture(scope="module")
def history() -> Generation:
    return generate(HISTORY, options=Options(min_score=0.0, max_items=200))


def questions_of(sentence: str) -> list[tuple[str, str, str]]:
    doc = get_nlp()(sentence)
    names = Names({"henry wardlaw": "PERSON", "bishop henry wardlaw": "PERSON"})
    return [(q.role, q.question, q.answer) for q in wh_questions(doc[:], names)]


def prompts(generation: Generation, generator: str) -> dict[str, str]:
    """Every draft of one generator, kept or rejected: {prompt: answer}."""
    drafts = [*generation.items, *(rejection.item for rejection in generation.rejected)]
    return {d.prompt: d.answer for d in drafts if d.generator.startswith(generator)}


def test_a_subject_question_keeps_the_verb_phrase() -> None:
    found = questions_of("Bishop Henry Wardlaw granted the teachers a charter in 1412.")
    assert (
        "subject",
        "Who granted the teachers a charter in 1412?",
        "Bishop Henry Wardlaw",
    ) in found


def test_a_date_becomes_when_with_do_support_in_the_right_tense() -> None:
    found = questions_of("Bishop Henry Wardlaw granted the teachers a charter in 1412.")
    assert ("time", "When did Bishop Henry Wardlaw grant the teachers a charter?", "1412") in found


def test_an_auxiliary_moves_before_the_subject() -> None:
    found = questions_of("The teachers have lived in Leipzig for many years.")
    assert ("place", "Where have the teachers lived for many years?", "Leipzig") in found


def test_a_count_becomes_how_many() -> None:
    found = questions_of("The college had twelve teachers and a chapel in the old town.")
    assert (
        "count",
        "How many teachers and a chapel did the college have in the old town?",
        "twelve",
    ) not in found
    found = questions_of("The college employed twelve teachers in its first year.")
    assert (
        "count",
        "How many teachers did the college employ in its first year?",
        "twelve",
    ) in found


def test_a_passive_agent_becomes_by_whom() -> None:
    found = questions_of("St Leonard's College was founded by Bishop Henry Wardlaw in 1512.")
    assert any(q.startswith("By whom was St Leonard's College founded") for _, q, _ in found)
    assert any(
        q == "When was St Leonard's College founded by Bishop Henry Wardlaw?" for _, q, _ in found
    )


def test_a_subject_question_does_not_give_the_answer_away_by_agreement() -> None:
    found = questions_of("The northern tribes have crossed the river many times.")
    assert ("subject", "What has crossed the river many times?", "The northern tribes") in found


def test_no_question_needs_an_antecedent_it_does_not_have() -> None:
    assert questions_of("It was founded in 1411 by a group of teachers.") == []
    assert all(
        "this" not in q.lower() for _, q, _ in questions_of("This college had twelve teachers.")
    )


def test_who_is_only_for_people_the_text_names_fully() -> None:
    # A lone name of unknown kind ("Antioch" tagged a person once) gets no "who" or "what".
    found = questions_of("Antioch welcomed the traders in 1348.")
    assert not any(role == "subject" for role, _, _ in found)


def test_a_mistagged_verb_is_refused() -> None:
    doc = get_nlp()("Trump unabashed delight in letters.")
    verbs = [t for t in doc if t.pos_ == "VERB" and t.text == "unabashed"]
    assert all(verb_lemma(t) is None for t in verbs)
    doc = get_nlp()("The hen found eggs.")
    assert verb_lemma(doc[2]) == "find"


def test_a_clause_becomes_a_why_question_without_its_cause() -> None:
    doc = get_nlp()("Students came to the town because the university offered degrees in law.")
    cause = {t.i for t in doc if t.i >= 5}  # ", because …" and after
    assert clause_question(doc[:], "Why", cause) == "Why did students come to the town?"


def test_why_cards_answer_with_the_cause(history: Generation) -> None:
    cards = prompts(history, "flashcard.why")
    assert cards.get("Why did students come to the town?", "").startswith(
        "Because the university offered degrees in law and theology"
    )


def test_what_follows_cards_give_the_cause_and_ask_for_the_result(history: Generation) -> None:
    cards = prompts(history, "flashcard.consequence")
    prompt = "The article says: “The Reformation reached the town in 1559.” What follows from this?"
    assert cards[prompt] == "The cathedral was abandoned and fell into ruin."


def test_contrast_cards_name_both_sides(history: Generation) -> None:
    cards = prompts(history, "flashcard.contrast")
    assert "How do teaching and daily life in the town differ, according to the article?" in cards
    assert "How do the university and the cathedral differ, according to the article?" in cards


def test_an_announced_set_is_asked_for_as_a_whole(history: Generation) -> None:
    cards = prompts(history, "flashcard.enumeration")
    prompt = "Name the three ancient colleges at the university."
    assert prompt in cards, cards
    answer = cards[prompt]
    assert answer.startswith("(1) St Salvator's College was founded by James Kennedy")
    assert "(3) St Mary's College was founded by Archbishop James Beaton" in answer


def test_an_acronym_the_article_never_uses_again_is_not_asked(history: Generation) -> None:
    # "International Baccalaureate (IB)" and no IB after it: asking what it stands for is
    # trivia (round 4: "What does BCURA stand for?" rejected by both raters).
    assert "What does IB stand for?" not in prompts(history, "short_answer.acronym")


def test_typed_distractors_are_of_the_answers_kind_and_never_a_variant_of_it(
    history: Generation,
) -> None:
    people = {"James Kennedy", "Henry Wardlaw", "John Hepburn", "James Beaton", "Wardlaw"}
    for item in [*history.items, *(r.item for r in history.rejected)]:
        if not item.generator.startswith("mcq.wh"):
            continue
        wrong = [c for c in item.choices if c != item.answer]
        assert all(
            w.lower() not in item.answer.lower() and item.answer.lower() not in w.lower()
            for w in wrong
        ), item
        if item.answer in people or item.prompt.startswith("Who"):
            assert all(any(p in w or w in p for p in people) for w in wrong), item


def test_dates_get_nearby_dates_as_distractors(history: Generation) -> None:
    dates = [
        item
        for item in [*history.items, *(r.item for r in history.rejected)]
        if item.generator == "mcq.wh_time"
    ]
    for item in dates:
        assert all(c.isdigit() for c in item.choices), item
        assert all(abs(int(c) - int(item.answer)) <= 3 for c in item.choices), item


def test_the_threshold_keeps_only_confident_items() -> None:
    loose = generate(HISTORY, options=Options(min_score=0.0, max_items=200))
    strict = generate(HISTORY, options=Options(min_score=0.7, max_items=200))
    # (The counts need not differ: with no threshold a low draft can take a sentence's slot
    # that a better one gets under a threshold.)
    assert not any("below the quality threshold" in r.reasons for r in loose.rejected)
    assert min(item.score for item in loose.items) < 0.4
    assert all(item.score >= 0.7 - 0.3 for item in strict.items)  # key-claim cover: floor
    below = [r for r in strict.rejected if "below the quality threshold" in r.reasons]
    assert below
    assert all(dict(item.features)["form"] > 0 for item in strict.items)


def test_the_bank_is_ordered_best_first_within_each_round(history: Generation) -> None:
    """Best first within each way of asking (quality._spread; the ways are interleaved
    towards their shares): each way's first item in the queue is its best-scored item above
    the threshold (a real question 0.1 lower) but for the discounts, and the queue opens with
    the best item."""
    ranked = [
        d
        for d in history.items
        if d.generator != "flashcard.cloze" and d.score >= 0.5 - 0.1 * (way_of(d) == "question")
    ]
    for way in ("judge", "blank", "question"):
        mine = sorted((d.score for d in ranked if way_of(d) == way), reverse=True)
        if mine:
            # Its best, unless a sentence's second item gave up 0.25 or a repeated type 0.06.
            first = next(d for d in history.items if way_of(d) == way)
            assert first.score >= mine[0] - 0.25 - 0.06, way
    assert max(d.score for d in history.items[:3]) == max(d.score for d in history.items)


def test_the_queue_mixes_the_ways_of_asking(history: Generation, sample: Generation) -> None:
    """True/false is what raters keep most, but the head of the queue is not all true/false:
    real questions lead where the article offers them (quality._MIX)."""
    for generation in (history, sample):
        head = [way_of(item) for item in generation.items[:12]]
        assert head.count("judge") <= 7, head
        assert head.count("question") >= 3, head


def test_photo_controls_credits_and_price_lists_are_page_furniture() -> None:
    raw = (
        "Harbour news\n\nEnlarge this image\n\nWaves break over the damaged pier.\n\n"
        "Via Reuters\n\nThe harbour reopened on Monday after the storm "
        "damaged two piers and closed the ferry service for a week.\n\n"
        "Photo: Jane Doe/Getty Images\n\nFish $4.50 · Chips $2.00 · Tea $1.20\n\nHighlight\n\n"
        "Engineers said the repairs would take another month and cost about two million pounds."
    )
    document = clean_text(raw)
    # The caption between the photo's control and its credit goes too, however it is worded.
    for furniture in ("Enlarge", "Reuters", "Getty", "$4.50", "Highlight", "Waves break"):
        assert furniture not in document.text
    assert "The harbour reopened on Monday" in document.text
    assert "price list" in {removed.reason for removed in document.removed}


def test_analysis_is_shared_not_reparsed() -> None:
    document = clean_text(HISTORY)
    analysis = analyse(document)
    assert analysis.doc.text == document.text


def test_closed_sets_give_their_other_members_nearest_first() -> None:
    from quizzes.generation.lexicon import closed_set, siblings

    assert closed_set("Europe") == "continent"
    assert "Europe" not in siblings("Europe")
    assert siblings("March")[:2] == ["February", "April"]
    assert closed_set("Germany") is None


def test_no_question_leaves_its_preposition_at_the_end() -> None:
    # "What did the old college share its library with?": raters kept none of five in rounds
    # 3 and 4 ("What did the website open in April 1998 with?"), so it is no longer asked.
    found = questions_of("The old college shared its library with the cathedral school.")
    assert not [q for q in found if q[0] == "prep_object"]


def test_an_announced_count_becomes_how_many() -> None:
    found = questions_of("There are twelve ancient colleges that still teach at the university.")
    assert (
        "count",
        "How many ancient colleges are there that still teach at the university?",
        "twelve",
    ) in found
    # A small count ("How many main steps were there? – three") was trivial to round-3 raters;
    # the set itself is asked by the enumeration card.
    assert not questions_of("There are three ancient colleges that still teach at the university.")


def test_questions_that_lean_on_context_or_a_contrast_are_not_asked() -> None:
    assert not questions_of("Many people with epilepsy lost cases for the same reason.")
    assert not questions_of(
        "One spokeswoman described a meteor shower, whereas another said that a meteorite fell."
    )


def test_a_capitalised_common_word_is_lowered_but_a_name_that_is_a_word_is_not() -> None:
    evacuated = questions_of("About 800 people living near the volcano were evacuated on Monday.")
    assert ("time", "When were about 800 people living near the volcano evacuated?", "Monday") in (
        evacuated
    )
    signed = [q for _, q, _ in questions_of("Bush signed the law on the South Lawn in 1990.")]
    assert any(q.startswith("When did Bush sign") for q in signed), signed


def test_a_named_blank_is_chosen_among_rivals_of_its_kind(history: Generation) -> None:
    drafts = [*history.items, *(r.item for r in history.rejected)]
    chosen = [d for d in drafts if d.generator == "mcq.cloze"]
    assert chosen
    for item in chosen:
        assert item.prompt.startswith("Which answer fills the blank? ")
        assert item.prompt.count("_____") == 1
        assert item.answer in item.choices
        assert len(item.choices) >= 3
    typed = {(d.evidence.start, d.answer) for d in drafts if d.generator == "cloze.claim"}
    # A name is offered as a choice instead of a typed blank in its sentence, never both.
    assert not typed & {(item.evidence.start, item.answer) for item in chosen}
