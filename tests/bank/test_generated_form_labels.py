"""How the review queue names a generated card's form and shows a set answer (issue #12): a why or
a set card is stored as a "basic" card, which alone would read "Term → definition"."""

from __future__ import annotations

import pytest

from quizzes.bank.kinds import CARD, QUESTION
from quizzes.bank.preview import card_preview, set_members
from quizzes.models import Card, Question


@pytest.mark.parametrize(
    ("kind", "generator", "label"),
    [
        ("basic", "flashcard.why", "Why → reason"),
        ("basic", "flashcard.enumeration", "Name the set"),
        ("basic", "flashcard.contrast", "Contrast"),
        ("basic", "flashcard.consequence", "What follows"),
        ("basic", "flashcard.wh_subject", "Question → answer"),
        ("basic", "flashcard.definition", "Term → definition"),
        ("basic", "", "Term → definition"),  # written by hand
        ("reverse", "flashcard.why", "Definition → term"),  # edited into another kind
        ("cloze", "flashcard.cloze", "Cloze"),
    ],
)
def test_a_card_is_labelled_by_its_form(kind: str, generator: str, label: str) -> None:
    assert CARD.variant_label(Card(kind=kind, generator=generator)) == label


def test_a_question_keeps_its_type_label() -> None:
    question = Question(type="short_answer", generator="short_answer.wh_time")
    assert QUESTION.variant_label(question) == "Short answer"


def test_a_numbered_set_is_shown_as_its_members() -> None:
    back = "(1) the security of the regime; (2) deterrence; that is, a bomb; (3) not suicidal"
    assert set_members(back) == [
        "the security of the regime",
        "deterrence; that is, a bomb",
        "not suicidal",
    ]
    assert card_preview("basic", {"front": "Name the three", "back": back})["members"] == [
        "the security of the regime",
        "deterrence; that is, a bomb",
        "not suicidal",
    ]


@pytest.mark.parametrize(
    "back",
    ["So that it would fit into a car", "(1) alone", "(1) a; (3) b", "Two: (1) a; (2) b", ""],
)
def test_other_backs_are_not_sets(back: str) -> None:
    assert set_members(back) == []


def test_the_queue_shows_the_evidence_once_but_keeps_what_an_explanation_adds() -> None:
    from quizzes.bank.selectors.review import _beyond_the_quote

    evidence = "Kim Jong-un is the enigmatic, dynastic North Korean leader."
    swapped = (
        f"False. The article says: “{evidence}” The statement changed “Kim Jong-un” to "
        "“John Bolton”."
    )
    assert _beyond_the_quote(swapped, evidence) == (
        "It quotes the evidence sentence. False. The statement changed “Kim Jong-un” to "
        "“John Bolton”."
    )
    assert _beyond_the_quote(f"The article says: “{evidence}”", evidence) == (
        "It quotes the evidence sentence."
    )


def test_the_claim_is_not_shown_again_when_it_is_the_evidence_without_its_connective() -> None:
    from quizzes.bank.selectors.review import _tests
    from quizzes.models import Claim

    question = Question(claim=Claim(text="The number one priority is the security of the regime."))
    evidence = "First, the number one priority is the security of the regime."
    assert _tests(question, evidence) == ""
    assert _tests(question, "A different sentence.") == question.claim.text
