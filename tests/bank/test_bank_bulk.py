"""Bulk actions are all or nothing, scoped to the user's courses, and audited per item."""

from __future__ import annotations

import pytest

from quizzes.bank.kinds import CARD, QUESTION
from quizzes.bank.services.bulk import items_bulk
from quizzes.bank.services.items import item_create, items_mark_shown
from quizzes.errors import BankError
from quizzes.models import ItemEvent, Question, QuestionVersion

pytestmark = pytest.mark.django_db


def statuses():
    return dict(Question.objects.values_list("id", "status"))


def test_bulk_approve_approves_each_and_audits_each(bank, instructor):
    ids = [bank["mcq"].pk, bank["cloze"].pk]
    result = items_bulk(QUESTION, user=instructor, ids=ids, action="approve")
    assert result.changed == 2
    assert {statuses()[i] for i in ids} == {"approved"}
    events = ItemEvent.objects.filter(action="approve", question_id__in=ids)
    assert events.count() == 2
    assert all(e.detail["bulk"] for e in events)


def test_one_unknown_id_changes_nothing(bank, instructor):
    before = statuses()
    with pytest.raises(BankError, match="No question with id 999999") as caught:
        items_bulk(QUESTION, user=instructor, ids=[bank["mcq"].pk, 999999], action="approve")
    assert caught.value.field == "ids"
    assert statuses() == before


def test_another_courses_question_counts_as_unknown(bank, instructor, other_course, outsider):
    theirs = item_create(
        QUESTION,
        course=other_course,
        user=outsider,
        type="true_false",
        prompt="It rains.",
        truth=True,
    )
    with pytest.raises(BankError, match=f"No question with id {theirs.pk}"):
        items_bulk(QUESTION, user=instructor, ids=[bank["mcq"].pk, theirs.pk], action="reject")
    assert statuses()[bank["mcq"].pk] == "draft"
    assert statuses()[theirs.pk] == "draft"


def test_one_question_that_refuses_the_action_changes_nothing(bank, instructor):
    broken = bank["cloze"]
    QuestionVersion.objects.filter(pk=broken.current_id).update(prompt="No blank.")
    before = statuses()
    with pytest.raises(BankError, match=f"Question {broken.pk}: Fix this question") as caught:
        items_bulk(QUESTION, user=instructor, ids=[bank["mcq"].pk, broken.pk], action="approve")
    assert "Nothing was changed" in caught.value.message
    assert statuses() == before
    assert not ItemEvent.objects.filter(action="approve").exists()


def test_an_archived_question_refuses_bulk_approval(bank, instructor):
    question = bank["mcq"]
    items_mark_shown(QUESTION, ids=[question.pk])
    Question.objects.filter(pk=question.pk).update(status="archived")
    with pytest.raises(BankError, match="archived"):
        items_bulk(QUESTION, user=instructor, ids=[question.pk], action="approve")


def test_bulk_tag_and_untag(bank, instructor):
    ids = [bank["mcq"].pk, bank["true_false"].pk]
    items_bulk(QUESTION, user=instructor, ids=ids, action="tag", tags=["Week 1"])
    assert set(Question.objects.filter(tags__name="Week 1").values_list("id", flat=True)) == set(
        ids
    )
    result = items_bulk(QUESTION, user=instructor, ids=ids, action="untag", tags=["week 1"])
    assert result.changed == 2
    assert not Question.objects.filter(tags__name="Week 1").exists()


def test_bad_requests_name_the_field(bank, instructor):
    with pytest.raises(BankError) as no_ids:
        items_bulk(QUESTION, user=instructor, ids=[], action="approve")
    assert no_ids.value.field == "ids"
    with pytest.raises(BankError) as no_action:
        items_bulk(QUESTION, user=instructor, ids=[bank["mcq"].pk], action="publish")
    assert no_action.value.field == "action"
    with pytest.raises(BankError) as no_tag:
        items_bulk(QUESTION, user=instructor, ids=[bank["mcq"].pk], action="tag", tags=[" "])
    assert no_tag.value.field == "tags"


def test_a_student_cannot_bulk_anything(bank, student):
    with pytest.raises(BankError, match="No question"):
        items_bulk(QUESTION, user=student, ids=[bank["mcq"].pk], action="approve")


def test_cards_bulk(bank, instructor):
    ids = [bank["card"].pk, bank["card_cloze"].pk]
    result = items_bulk(CARD, user=instructor, ids=ids, action="reject")
    assert result.changed == 2
    assert ItemEvent.objects.filter(card_id__in=ids, action="reject").count() == 2
