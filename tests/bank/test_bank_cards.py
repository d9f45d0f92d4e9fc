"""Card services: authoring, snapshots (versions), approve/reject, siblings, delete or archive."""

from __future__ import annotations

import pytest

from quizzes.bank.services.cards import (
    card_approve,
    card_create,
    card_delete,
    card_mark_shown,
    card_reject,
    card_update,
)
from quizzes.errors import BankContentError, BankError
from quizzes.models import Card, CardVersion

pytestmark = pytest.mark.django_db


def test_authoring_a_card_keeps_a_first_snapshot_and_an_event(course, instructor, claim):
    card = card_create(
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
        card_create(course=course, user=instructor, kind="basic", front="CVID", back=" ")
    assert caught.value.field == "back"
    assert Card.objects.count() == 0


def test_editing_a_draft_amends_its_snapshot_and_a_studied_card_gets_a_new_one(bank, instructor):
    card = bank["card"]
    card, mode = card_update(card=card, user=instructor, back="60% of the Amazon rainforest.")
    assert mode == "amended"
    assert card.versions.count() == 1
    card_approve(card=card, user=instructor)
    card_mark_shown(card_ids=[card.pk])
    card, mode = card_update(card=card, user=instructor, extra="Source: the article.")
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
    card_approve(card=card, user=instructor)
    card, mode = card_update(card=card, user=instructor, back="New back.")
    assert mode == "new_version"
    versions = list(card.versions.order_by("number"))
    assert versions[0].back == "Holds 60% of the Amazon rainforest."
    assert versions[0].created_by is None
    assert versions[1].back == "New back."


def test_changing_the_claim_changes_the_sibling_group(bank, instructor, term):
    card, _ = card_update(card=bank["card"], user=instructor, claim=None, term=term)
    assert card.sibling_key == f"term:{term.pk}"


def test_approve_and_reject_are_audited(bank, instructor):
    card = card_approve(card=bank["card"], user=instructor)
    assert card.status == "approved"
    card = card_reject(card=card, user=instructor, reason="Duplicate")
    assert card.status == "rejected"
    assert list(card.events.values_list("action", flat=True)) == ["create", "approve", "reject"]


def test_a_studied_card_is_archived_instead_of_deleted(bank, instructor):
    fresh, studied = bank["card"], bank["card_cloze"]
    assert card_delete(card=fresh, user=instructor) == "deleted"
    card_mark_shown(card_ids=[studied.pk])
    studied.refresh_from_db()
    assert card_delete(card=studied, user=instructor) == "archived"
    studied.refresh_from_db()
    assert studied.status == "archived"
    with pytest.raises(BankError, match="archived"):
        card_update(card=studied, user=instructor, back="x")
