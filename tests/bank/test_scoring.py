from __future__ import annotations

import pytest

from quizzes.bank.scoring import Choice, Grade, QuestionContent, grade, normalise_answer

SINGLE = QuestionContent(
    type="mcq_single",
    choices=(Choice("a", "Pyongyang"), Choice("b", "Seoul", correct=True), Choice("c", "Busan")),
)
# 2 correct (a, c), 3 wrong (b, d, e)
MULTIPLE = QuestionContent(
    type="mcq_multiple",
    choices=(
        Choice("a", "sanctions", correct=True),
        Choice("b", "tourism"),
        Choice("c", "diplomacy", correct=True),
        Choice("d", "weather"),
        Choice("e", "sport"),
    ),
)
TRUE = QuestionContent(type="true_false", truth=True)
SHORT = QuestionContent(
    type="short_answer", accepted=("The United States", "USA", "United States of America")
)
CLOZE = QuestionContent(type="cloze", blanks=(("Kim Jong Un",), ("1953", "nineteen fifty-three")))


def test_single_choice_scores_the_correct_choice_only() -> None:
    assert grade(SINGLE, "b") == Grade(score=1.0, correct=True, detail="correct choice")
    assert grade(SINGLE, "a").score == 0.0
    assert grade(SINGLE, "zz").detail == "unknown choice"


def test_single_choice_accepts_integer_ids() -> None:
    question = QuestionContent(
        type="mcq_single", choices=(Choice("1", "x"), Choice("2", "y", correct=True))
    )
    assert grade(question, 2).correct


@pytest.mark.parametrize(
    ("chosen", "score", "correct"),
    [
        (["a", "c"], 1.0, True),  # 2/2 - 0/3
        (["a"], 0.5, False),  # 1/2 - 0/3
        (["a", "c", "b"], 2 / 3, False),  # 2/2 - 1/3
        (["a", "b"], 1 / 2 - 1 / 3, False),  # 1/2 - 1/3 = 1/6
        (["a", "b", "d"], 0.0, False),  # 1/2 - 2/3 < 0, floored
        (["a", "b", "c", "d", "e"], 0.0, False),  # ticking everything earns nothing
        (["b"], 0.0, False),
        (["c", "a", "a"], 1.0, True),  # order and repeats do not matter
        (["a", "c", "gone"], 1.0, True),  # an unknown id earns and costs nothing
    ],
)
def test_multiple_choice_gives_right_minus_wrong_floored_at_zero(
    chosen: list[str], score: float, correct: bool
) -> None:
    result = grade(MULTIPLE, chosen)
    assert result.score == pytest.approx(score)
    assert result.correct is correct


def test_multiple_choice_with_every_choice_correct_has_no_penalty_term() -> None:
    question = QuestionContent(
        type="mcq_multiple", choices=(Choice("a", "x", True), Choice("b", "y", True))
    )
    assert grade(question, ["a"]).score == 0.5
    assert grade(question, ["a", "b"]).correct


def test_multiple_choice_reports_counts() -> None:
    assert grade(MULTIPLE, ["a", "b"]).detail == "1 of 2 correct choices, 1 wrong"


@pytest.mark.parametrize(
    ("response", "score"),
    [(True, 1.0), (False, 0.0), ("true", 1.0), (" False ", 0.0), ("T", 1.0)],
)
def test_true_false(response: object, score: float) -> None:
    assert grade(TRUE, response).score == score
    assert grade(QuestionContent(type="true_false", truth=False), response).score == 1 - score


@pytest.mark.parametrize(
    "response",
    [
        "the united states",
        "  United   States ",
        "U.S.A.",
        "usa",
        "United States!",
        "“The United States”",
        "an United States",
        "united states of america",
    ],
)
def test_short_answer_ignores_case_space_punctuation_articles_and_accepts_aliases(
    response: str,
) -> None:
    assert grade(SHORT, response) == Grade(
        score=1.0, correct=True, detail="matches an accepted answer"
    )


@pytest.mark.parametrize("response", ["United Kingdom", "States", "the", "U.S. of A"])
def test_short_answer_rejects_other_answers(response: str) -> None:
    assert grade(SHORT, response).score == 0.0


def test_aliases_from_stored_content_are_accepted_answers() -> None:
    question = QuestionContent.from_dict(
        {
            "type": "short_answer",
            "accepted": ["Democratic People's Republic of Korea"],
            "aliases": ["DPRK", "North Korea"],
        }
    )
    assert grade(question, "north korea").correct
    assert grade(question, "Democratic People’s Republic of Korea").correct  # curly apostrophe
    assert grade(question, "D.P.R.K.").correct


def test_cloze_scores_each_blank() -> None:
    assert grade(CLOZE, ["kim jong-un", "1953"]) == Grade(
        score=1.0, correct=True, detail="2 of 2 blanks right", parts=(True, True)
    )
    half = grade(CLOZE, ["Kim Il Sung", "Nineteen Fifty–Three"])  # en dash
    assert (half.score, half.correct, half.parts) == (0.5, False, (False, True))


def test_cloze_missing_blanks_count_as_wrong() -> None:
    result = grade(CLOZE, ["Kim Jong Un"])
    assert (result.score, result.parts) == (0.5, (True, False))
    assert grade(CLOZE, ["Kim Jong Un", None]).score == 0.5


def test_single_blank_cloze_takes_a_string_and_accepted_answers() -> None:
    question = QuestionContent(type="cloze", accepted=("armistice",))
    assert question.blanks == (("armistice",),)
    assert grade(question, "The Armistice").correct


@pytest.mark.parametrize(
    ("question", "response"),
    [
        (question, response)
        for question in (SINGLE, MULTIPLE, TRUE, SHORT, CLOZE)
        for response in (None, "", "   ", [], ["", None], {}, 3.5, {"a": 1}, [["a"]], object())
    ],
)
def test_empty_or_garbage_responses_score_zero_without_raising(
    question: QuestionContent, response: object
) -> None:
    result = grade(question, response)
    assert (result.score, result.correct) == (0.0, False)


def test_garbage_says_why() -> None:
    assert grade(SHORT, None).detail == "no answer"
    assert grade(SHORT, 12).detail == "unreadable response (int)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  The   U.S. ", "us"),
        ("“Well‑known”", "well known"),  # curly quotes, non-breaking hyphen
        ("don’t", "dont"),
        ("3.5", "3.5"),  # a decimal point is kept
        ("1,000 people", "1000 people"),
        ("−40", "-40"),  # minus sign before a number is kept
        ("A", "a"),  # a lone article is the answer, not an article
        ("an apple", "apple"),
        ("ﬁsh", "fish"),  # ligature
        ("ＵＳＡ", "usa"),  # full-width letters
        ("Café", "café"),  # accents are kept
        ("the the", "the"),  # only one article is dropped
    ],
)
def test_normalise_answer(text: str, expected: str) -> None:
    assert normalise_answer(text) == expected


@pytest.mark.parametrize(
    "content",
    [
        {"type": "essay"},
        {"type": "mcq_single", "choices": [{"id": "a", "text": "x"}]},
        {
            "type": "mcq_single",
            "choices": [{"id": "a", "correct": True}, {"id": "b", "correct": True}],
        },
        {"type": "mcq_multiple", "choices": [{"id": "a"}, {"id": "a", "correct": True}]},
        {"type": "mcq_multiple", "choices": [{"text": "no id", "correct": True}]},
        {"type": "true_false"},
        {"type": "short_answer", "accepted": ["  ", "..."]},
        {"type": "cloze", "blanks": [["ok"], []]},
        {"type": "cloze", "choices": 5},
    ],
)
def test_questions_that_cannot_be_graded_are_refused(content: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        QuestionContent.from_dict(content)
