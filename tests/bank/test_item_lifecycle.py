"""One lifecycle for both kinds of bank item: the same steps, the same result type, the same
duplicate rule, whether the item is a question or a card."""

from __future__ import annotations

import pytest

from quizzes.bank.kinds import CARD, QUESTION
from quizzes.bank.services.items import (
    ItemChange,
    item_approve,
    item_create,
    item_delete,
    item_update,
    items_mark_shown,
)
from quizzes.errors import BankDuplicateError, BankError
from quizzes.models import Card, ItemEvent, Question

pytestmark = pytest.mark.django_db

WRITTEN = {
    "question": {"type": "short_answer", "prompt": "Which country?", "accepted": ["Brazil"]},
    "card": {"kind": "basic", "front": "Brazil", "back": "Most of the forest."},
}
EDIT = {"question": {"explanation": "It holds 60%."}, "card": {"extra": "It holds 60%."}}
AGAIN = {"question": {"explanation": "Brazil: 60%."}, "card": {"extra": "Brazil: 60%."}}


@pytest.mark.parametrize("kind", [QUESTION, CARD], ids=["question", "card"])
def test_each_kind_goes_through_the_same_lifecycle(kind, course, instructor):
    item = item_create(kind, course=course, user=instructor, **WRITTEN[kind.name])
    amended = item_update(item=item, user=instructor, **EDIT[kind.name])
    assert isinstance(amended, ItemChange)
    assert (amended.mode, amended.version) == ("amended", 1)
    item_approve(item=item, user=instructor)
    assert items_mark_shown(kind, ids=[item.pk]) == 1
    item.refresh_from_db()
    changed = item_update(item=item, user=instructor, tags=["week 1"], **AGAIN[kind.name])
    assert (changed.mode, changed.version) == ("new_version", 2)
    assert changed.changes["tags"] == [[], ["week 1"]]
    assert item_delete(item=changed.item, user=instructor) == "archived"
    actions = ItemEvent.objects.filter(**{kind.name: item}).values_list("action", flat=True)
    assert list(actions) == ["create", "edit", "approve", "edit", "archive"]
    approve = ItemEvent.objects.get(**{kind.name: item}, action="approve")
    assert approve.detail == {"from": "draft", "to": "approved", "version": 1}


def test_a_hand_written_near_duplicate_is_saved_only_when_confirmed(course, instructor, bank):
    repeat = {
        "type": "true_false",
        "prompt": "Peru holds 13% of the Amazon rainforest!",
        "truth": True,
    }
    with pytest.raises(BankDuplicateError) as caught:
        item_create(QUESTION, course=course, user=instructor, **repeat)
    assert caught.value.status_code == 409
    assert caught.value.field == "confirm_duplicate"
    assert [d.id for d in caught.value.duplicates] == [bank["true_false"].pk]
    assert not Question.objects.filter(origin="authored").exists()
    question = item_create(
        QUESTION, course=course, user=instructor, confirm_duplicate=True, **repeat
    )
    assert question.origin == "authored"


def test_the_duplicate_rule_holds_for_cards(course, instructor, bank):
    with pytest.raises(BankDuplicateError):
        item_create(
            CARD,
            course=course,
            user=instructor,
            kind="cloze",
            front="Peru holds {{13%}} of the rainforest.",
            back="",
        )
    assert Card.objects.count() == 2


def test_generated_drafts_are_not_held_to_the_duplicate_rule(course, bank):
    """The generator removes its own repeats before storing; there is nobody to confirm."""
    card = item_create(
        CARD,
        course=course,
        user=None,
        origin="generated",
        kind="basic",
        front="Brazil",
        back="Holds 60% of the Amazon rainforest.",
    )
    assert card.status == "draft"


def test_content_that_breaks_a_rule_is_reported_before_any_duplicate(course, instructor, bank):
    with pytest.raises(BankError) as caught:
        item_create(
            QUESTION,
            course=course,
            user=instructor,
            type="true_false",
            prompt="Peru holds 13% of the Amazon rainforest.",
        )
    assert caught.value.field == "truth"


def test_a_card_may_change_kind_but_a_question_keeps_its_type(bank, instructor):
    change = item_update(item=bank["card"], user=instructor, kind="reverse")
    assert change.item.kind == "reverse"
    assert change.changes["kind"] == ["basic", "reverse"]
    with pytest.raises(BankError, match="type cannot change") as caught:
        item_update(item=bank["mcq"], user=instructor, type="cloze")
    assert caught.value.field == "type"
    with pytest.raises(BankError, match="Choose a card kind") as caught:
        item_update(item=bank["card"], user=instructor, kind="essay")
    assert caught.value.field == "kind"


def test_a_field_of_the_other_kind_is_a_programming_error(bank, instructor):
    with pytest.raises(TypeError, match="front"):
        item_update(item=bank["mcq"], user=instructor, front="Brazil")
