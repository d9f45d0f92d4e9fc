"""Card services: authoring, snapshots (versions), approve/reject, siblings, delete or archive."""

from __future__ import annotations

import pytest

from quizzes.bank.kinds import CARD
from quizzes.bank.services.items import (
    item_approve,
    item_create,
    item_delete,
    item_reject,
    item_update,
    items_mark_shown,
)
from quizzes.errors import BankContentError, BankError
from quizzes.models import Card, CardVersion

pytestmark = pytest.mark.django_db


def test_authoring_a_card_keeps_a_first_snapshot_and_an_event(course, instructor, claim):
    card = item_create(
        CARD,
        course=course,
        user=instructor,
        kind="cloze",
        front="Peru holds {{13%}} of the rainforest.",
        back="",
        claim=claim,
    )
    assert (card.front, card.back) == ("Peru holds _____ of the rainforest.", "13%")
    assert card.sibling_key == f"claim:{claim.pk}"
    assert card.source_id == claim.source_id
    assert card.evidence_text == claim.evidence_text
    assert card.versions.get().number == 1
    assert card.events.get().action == "create"


def test_cards_from_the_same_claim_are_siblings(bank):
    assert bank["card"].sibling_key == bank["card_cloze"].sibling_key != ""


def test_a_card_needs_a_front_and_a_back(course, instructor):
    with pytest.raises(BankContentError) as caught:
        item_create(CARD, course=course, user=instructor, kind="basic", front="CVID", back=" ")
    assert caught.value.field == "back"
    assert Card.objects.count() == 0


def test_editing_a_draft_amends_its_snapshot_and_a_studied_card_gets_a_new_one(bank, instructor):
    card = bank["card"]
    change = item_update(item=card, user=instructor, back="60% of the Amazon rainforest.")
    card, mode = change.item, change.mode
    assert mode == "amended"
    assert card.versions.count() == 1
    item_approve(item=card, user=instructor)
    items_mark_shown(CARD, ids=[card.pk])
    change = item_update(item=card, user=instructor, extra="Source: the article.")
    card, mode = change.item, change.mode
    assert mode == "new_version"
    versions = list(card.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].extra == ""
    assert versions[1].extra == "Source: the article."
    edit = card.events.filter(action="edit").last()
    assert edit.detail["changes"] == {"extra": ["", "Source: the article."]}


def test_a_generated_card_without_snapshots_gets_its_original_as_version_one(bank, instructor):
    card = bank["card"]
    CardVersion.objects.filter(card=card).delete()
    item_approve(item=card, user=instructor)
    change = item_update(item=card, user=instructor, back="New back.")
    card, mode = change.item, change.mode
    assert mode == "new_version"
    versions = list(card.versions.order_by("number"))
    assert versions[0].back == "Holds 60% of the Amazon rainforest."
    assert versions[0].created_by is None
    assert versions[1].back == "New back."


def test_changing_the_claim_changes_the_sibling_group(bank, instructor, term):
    card = item_update(item=bank["card"], user=instructor, claim=None, term=term).item
    assert card.sibling_key == f"term:{term.pk}"


def test_approve_and_reject_are_audited(bank, instructor):
    card = item_approve(item=bank["card"], user=instructor)
    assert card.status == "approved"
    card = item_reject(item=card, user=instructor, reason="Duplicate")
    assert card.status == "rejected"
    assert list(card.events.values_list("action", flat=True)) == ["create", "approve", "reject"]


def test_a_studied_card_is_archived_instead_of_deleted(bank, instructor):
    fresh, studied = bank["card"], bank["card_cloze"]
    assert item_delete(item=fresh, user=instructor) == "deleted"
    items_mark_shown(CARD, ids=[studied.pk])
    studied.refresh_from_db()
    assert item_delete(item=studied, user=instructor) == "archived"
    studied.refresh_from_db()
    assert studied.status == "archived"
    with pytest.raises(BankError, match="archived"):
        item_update(item=studied, user=instructor, back="x")
