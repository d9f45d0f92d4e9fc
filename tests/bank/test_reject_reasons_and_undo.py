"""Rejecting with a reason from the rubric's list, taking an approval or a rejection back, and the
rejection report per generator — through the services, the pages and the API alike."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.bank.selectors.rejections import rejection_report
from quizzes.bank.services.items import item_approve, item_reject, item_status_undo
from quizzes.errors import BankError, ConflictError
from quizzes.models import ItemEvent, ItemStatus, RejectReason

# --- services


def test_a_rejection_stores_its_reason_and_an_approval_clears_it(instructor, bank):
    question = bank["mcq"]
    item_reject(item=question, user=instructor, category=RejectReason.DISTRACTORS, reason="Peru?")
    question.refresh_from_db()
    assert (question.status, question.reject_reason) == ("rejected", "distractors")
    event = ItemEvent.objects.filter(question=question, action="reject").get()
    assert event.detail["category"] == "distractors"
    assert event.detail["reason"] == "Peru?"
    item_approve(item=question, user=instructor)
    question.refresh_from_db()
    assert (question.status, question.reject_reason) == ("approved", "")


def test_an_unknown_reason_is_refused_and_nothing_changes(instructor, bank):
    question = bank["mcq"]
    with pytest.raises(BankError) as error:
        item_reject(item=question, user=instructor, category="boring")
    assert error.value.field == "category"
    question.refresh_from_db()
    assert question.status == "draft"


def test_a_reason_given_to_a_rejected_item_replaces_the_old_one(instructor, bank):
    card = bank["card"]
    item_reject(item=card, user=instructor)
    item_reject(item=card, user=instructor, category=RejectReason.TRIVIAL)
    card.refresh_from_db()
    assert (card.status, card.reject_reason) == ("rejected", "trivial")


def test_undo_takes_an_approval_back_to_a_draft_and_is_audited(instructor, bank):
    question = bank["true_false"]
    item_approve(item=question, user=instructor)
    item_status_undo(item=question, user=instructor)
    question.refresh_from_db()
    assert question.status == ItemStatus.DRAFT
    undo = ItemEvent.objects.filter(question=question).order_by("-id").first()
    assert (undo.action, undo.detail["from"], undo.detail["to"]) == ("undo", "approved", "draft")


def test_undo_of_a_rejection_clears_its_reason(instructor, bank):
    question = bank["mcq"]
    item_reject(item=question, user=instructor, category=RejectReason.AMBIGUOUS)
    item_status_undo(item=question, user=instructor)
    question.refresh_from_db()
    assert (question.status, question.reject_reason) == ("draft", "")


def test_undo_twice_or_too_late_or_by_someone_else_is_refused(instructor, outsider, bank):
    question = bank["mcq"]
    with pytest.raises(ConflictError):
        item_status_undo(item=question, user=instructor)  # nothing decided yet
    item_approve(item=question, user=instructor)
    with pytest.raises(ConflictError):
        item_status_undo(item=question, user=outsider)
    later = timezone.now() + timedelta(minutes=6)
    with pytest.raises(ConflictError, match="last 5 minutes"):
        item_status_undo(item=question, user=instructor, now=later)
    item_status_undo(item=question, user=instructor)
    with pytest.raises(ConflictError):
        item_status_undo(item=question, user=instructor)
    question.refresh_from_db()
    assert question.status == "draft"


def test_the_report_counts_each_generators_decisions_and_reasons(instructor, course, bank):
    item_reject(item=bank["mcq"], user=instructor, category=RejectReason.DISTRACTORS)
    item_reject(item=bank["cloze"], user=instructor)
    item_approve(item=bank["true_false"], user=instructor)
    report = rejection_report(instructor, course.pk)
    rows = {(row.kind, row.generator): row for row in report.rows}
    mcq = rows[("question", bank["mcq"].generator)]
    assert (mcq.rejected, mcq.reasons["distractors"]) == (1, 1)
    cloze = rows[("question", bank["cloze"].generator)]
    assert cloze.reasons["none"] == 1
    assert sum(row.rejected for row in report.rows) == 2
    assert sum(row.approved for row in report.rows) == 1
    assert mcq.rejected_share == 1.0


def test_the_report_is_for_the_courses_instructors_only(student, course):
    from quizzes.errors import NotFound

    with pytest.raises(NotFound):
        rejection_report(student, course.pk)


# --- pages


def test_the_review_queue_rejects_with_a_reason_and_offers_undo(web_as, instructor, bank, source):
    client = web_as(instructor)
    question = bank["mcq"]
    queue = reverse("bank:bank-review", args=[source.pk])
    page = client.get(queue)
    assert 'name="category" value="wrong_answer"' in page.text
    response = client.post(
        reverse("bank:question-reject", args=[question.pk]),
        {"category": "wrong_answer", "next": queue, "offer_undo": "1"},
    )
    assert response.status_code == 302
    assert f"undo={question.pk}" in response["Location"]
    question.refresh_from_db()
    assert question.reject_reason == "wrong_answer"
    offered = client.get(response["Location"])
    assert "data-undo-toast" in offered.text
    assert reverse("bank:question-undo", args=[question.pk]) in offered.text
    undone = client.post(reverse("bank:question-undo", args=[question.pk]), {"next": queue})
    assert undone.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.reject_reason) == ("draft", "")
    # A second undo has nothing to take back: a message, no change, no 500.
    again = client.post(reverse("bank:question-undo", args=[question.pk]), {"next": queue})
    assert again.status_code == 302
    assert "data-undo-toast" not in client.get(f"{queue}?undo={question.pk}").text


def test_a_bad_reason_on_the_page_is_a_message_not_a_rejection(web_as, instructor, bank, source):
    question = bank["mcq"]
    client = web_as(instructor)
    response = client.post(
        reverse("bank:question-reject", args=[question.pk]), {"category": "boring"}, follow=True
    )
    assert "Choose a reason from the list" in response.text
    question.refresh_from_db()
    assert question.status == "draft"


def test_the_review_queue_groups_drafts_of_one_fact_and_shows_evidence_in_place(
    web_as, instructor, bank, source
):
    page = web_as(instructor).get(reverse("bank:bank-review", args=[source.pk])).text
    assert "questions test the same claim" in page
    assert page.count('class="review-group"') >= 1
    assert "data-evidence" in page
    assert 'class="evidence-paragraph"' in page
    assert 'tabindex="0" data-article' in page


def test_the_report_page_and_its_csv(web_as, instructor, outsider, course, bank):
    item_reject(item=bank["mcq"], user=instructor, category=RejectReason.OPINION)
    page = web_as(instructor).get(reverse("bank:rejections", args=[course.pk]))
    assert page.status_code == 200
    assert "Opinion stated as fact" in page.text
    response = web_as(instructor).get(reverse("bank:rejections-csv", args=[course.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header = rows[0]
    assert header[:6] == ["kind", "generator", "drafts", "approved", "rejected", "rejected_share"]
    row = next(r for r in rows[1:] if r[1] == bank["mcq"].generator)
    assert row[header.index("opinion")] == "1"
    assert web_as(outsider).get(reverse("bank:rejections", args=[course.pk])).status_code == 404
    csv_url = reverse("bank:rejections-csv", args=[course.pk])
    assert web_as(outsider).get(csv_url).status_code == 404


# --- API


def test_the_api_rejects_with_a_category_and_undoes(api_as, instructor, bank):
    client = api_as(instructor)
    question = bank["mcq"]
    rejected = client.post(
        f"/api/v1/questions/{question.pk}/reject/",
        {"category": "needs_context", "reason": "Which forest?"},
        format="json",
    )
    assert rejected.status_code == 200
    assert rejected.json()["reject_reason"] == "needs_context"
    undone = client.post(f"/api/v1/questions/{question.pk}/undo/")
    assert undone.status_code == 200
    assert undone.json()["status"] == "draft"
    again = client.post(f"/api/v1/questions/{question.pk}/undo/")
    assert again.status_code == 409
    assert "undo" in again.json()["detail"]


def test_the_api_refuses_an_unknown_category(api_as, instructor, bank):
    question = bank["mcq"]
    response = api_as(instructor).post(
        f"/api/v1/questions/{question.pk}/reject/", {"category": "boring"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "category"
    question.refresh_from_db()
    assert question.status == "draft"


def test_the_api_undo_and_report_are_404_for_others(api_as, outsider, student, course, bank):
    assert api_as(outsider).post(f"/api/v1/questions/{bank['mcq'].pk}/undo/").status_code == 404
    assert api_as(student).get(f"/api/v1/courses/{course.pk}/rejections/").status_code == 404


def test_the_api_report(api_as, instructor, course, bank):
    item_reject(item=bank["mcq"], user=instructor, category=RejectReason.FURNITURE)
    rows = api_as(instructor).get(f"/api/v1/courses/{course.pk}/rejections/").json()
    row = next(r for r in rows if r["generator"] == bank["mcq"].generator)
    assert row["kind"] == "question"
    assert row["reasons"]["furniture"] == 1
    assert row["rejected_share"] == 1.0
