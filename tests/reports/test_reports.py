"""Reports from learners: a student reports a card or question, an instructor fixes the item (a
new version) or dismisses the report, and the student sees what became of it — through the
services, the pages and the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizzes.bank.services.items import item_approve, item_update
from quizzes.errors import ConflictError, NotFound, ReportError
from quizzes.models import ItemReport, ReportStatus
from quizzes.reports.selectors import report_counts, reports_mine
from quizzes.reports.services import report_create, report_resolve


@pytest.fixture
def approved(instructor, bank):
    question = bank["mcq"]
    item_approve(item=question, user=instructor)
    return question


# --- services


def test_a_student_reports_an_approved_question_once(student, approved):
    first = report_create(
        user=student, kind="question", item_id=approved.pk, reason="typo", note="Colombia"
    )
    again = report_create(user=student, kind="question", item_id=approved.pk, reason="wrong")
    assert first.pk == again.pk  # an open report is updated, not repeated
    report = ItemReport.objects.get()
    assert (report.reason, report.note, report.status, report.version) == ("wrong", "", "open", 1)
    assert report.course_id == approved.course_id


def test_a_draft_or_anothers_item_cannot_be_reported(student, outsider, bank, approved):
    with pytest.raises(NotFound):
        report_create(user=student, kind="question", item_id=bank["cloze"].pk, reason="wrong")
    with pytest.raises(NotFound):
        report_create(user=outsider, kind="question", item_id=approved.pk, reason="wrong")
    with pytest.raises(NotFound):
        report_create(user=student, kind="deck", item_id=approved.pk, reason="wrong")
    assert not ItemReport.objects.exists()


@pytest.mark.parametrize(
    ("reason", "note", "field"),
    [("boring", "", "reason"), ("typo", "x" * 1001, "note"), ("typo", "a\x00b", "note")],
)
def test_bad_input_is_refused_with_its_field(student, approved, reason, note, field):
    with pytest.raises(ReportError) as error:
        report_create(user=student, kind="question", item_id=approved.pk, reason=reason, note=note)
    assert error.value.field == field
    assert not ItemReport.objects.exists()


def test_fixed_needs_a_new_version_and_fixes_every_open_report_on_it(
    instructor, student, outsider, course, approved
):
    from quizzes.courses.services import course_join

    course_join(user=outsider, join_code=course.join_code)
    mine = report_create(user=student, kind="question", item_id=approved.pk, reason="wrong")
    theirs = report_create(user=outsider, kind="question", item_id=approved.pk, reason="unclear")
    with pytest.raises(ReportError, match="Edit the question first"):
        report_resolve(user=instructor, report_id=mine.pk, outcome="fixed")
    item_update(item=approved, user=instructor, prompt="Which country holds most of it?")
    resolved = report_resolve(
        user=instructor, report_id=mine.pk, outcome="fixed", response="Reworded, thanks"
    )
    assert {r.pk for r in resolved} == {mine.pk, theirs.pk}
    mine.refresh_from_db()
    assert (mine.status, mine.response, mine.resolved_by) == (
        "fixed",
        "Reworded, thanks",
        instructor,
    )
    with pytest.raises(ConflictError):
        report_resolve(user=instructor, report_id=mine.pk, outcome="dismissed")


def test_only_the_courses_instructors_resolve(student, approved, instructor):
    report = report_create(user=student, kind="question", item_id=approved.pk, reason="typo")
    with pytest.raises(NotFound):
        report_resolve(user=student, report_id=report.pk, outcome="dismissed")
    with pytest.raises(ReportError):
        report_resolve(user=instructor, report_id=report.pk, outcome="ignored")
    report.refresh_from_db()
    assert report.status == "open"


def test_a_card_report_is_dismissed_and_counted(instructor, student, course, approved_cards):
    card = approved_cards[0]
    report = report_create(user=student, kind="card", item_id=card.pk, reason="unclear")
    assert report.version == 0
    assert report_counts(course) == {"open": 1, "fixed": 0, "dismissed": 0}
    report_resolve(user=instructor, report_id=report.pk, outcome="dismissed")
    assert report_counts(course) == {"open": 0, "fixed": 0, "dismissed": 1}
    assert reports_mine(student).get().status == ReportStatus.DISMISSED


def test_an_edited_card_can_be_marked_fixed(instructor, student, approved_cards):
    card = approved_cards[0]
    report = report_create(user=student, kind="card", item_id=card.pk, reason="typo")
    item_update(item=card, user=instructor, back="The basin of the Amazon river")
    report_resolve(user=instructor, report_id=report.pk, outcome="fixed")
    report.refresh_from_db()
    assert report.status == "fixed"


# --- pages


def test_the_report_form_and_the_pages(web_as, instructor, student, course, approved):
    client = web_as(student)
    back = reverse("reports:mine")
    response = client.post(
        reverse("reports:report-new"),
        {"kind": "question", "item": approved.pk, "reason": "typo", "note": "Peru", "next": back},
    )
    assert response.status_code == 302
    report = ItemReport.objects.get()
    assert "Waiting for the instructors" in client.get(back).text
    teacher = web_as(instructor)
    course_page = teacher.get(reverse("home:course-detail", args=[course.pk])).text
    assert "data-open-reports>1</span>" in course_page
    listing = teacher.get(reverse("reports:course-reports", args=[course.pk])).text
    assert "It has a typo: question #" in listing
    assert "Peru" in listing
    bank = teacher.get(reverse("bank:bank", args=[course.pk]), {"reports": "open"}).text
    assert f"/questions/{approved.pk}/" in bank
    resolve = reverse("reports:report-resolve", args=[report.pk])
    teacher.post(resolve, {"outcome": "dismissed", "response": "It is right", "next": back})
    assert "Their word: “It is right”" in web_as(student).get(back).text


def test_a_bad_report_on_the_page_is_a_message(web_as, student, approved):
    response = web_as(student).post(
        reverse("reports:report-new"),
        {"kind": "question", "item": approved.pk, "reason": "boring"},
        follow=True,
    )
    assert "Choose what is wrong with it" in response.text
    assert not ItemReport.objects.exists()


def test_a_student_cannot_see_a_courses_reports(web_as, student, course):
    page = web_as(student).get(reverse("reports:course-reports", args=[course.pk]))
    assert page.status_code == 404


# --- API


def test_the_api_files_lists_and_resolves(api_as, instructor, student, course, approved):
    filed = api_as(student).post(
        "/api/v1/reports/",
        {"kind": "question", "item": approved.pk, "reason": "unclear", "note": "Which forest?"},
        format="json",
    )
    assert filed.status_code == 201, filed.json()
    body = filed.json()
    assert (body["kind"], body["item"], body["status"]) == ("question", approved.pk, "open")
    mine = api_as(student).get("/api/v1/reports/").json()["results"]
    assert [r["id"] for r in mine] == [body["id"]]
    listed = api_as(instructor).get(f"/api/v1/courses/{course.pk}/reports/").json()["results"]
    assert listed[0]["reporter"] == "student"
    refused = api_as(instructor).post(
        f"/api/v1/reports/{body['id']}/resolve/", {"outcome": "fixed"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "outcome"
    done = api_as(instructor).post(
        f"/api/v1/reports/{body['id']}/resolve/", {"outcome": "dismissed"}, format="json"
    )
    assert done.status_code == 200
    assert done.json()[0]["status"] == "dismissed"
    again = api_as(instructor).post(
        f"/api/v1/reports/{body['id']}/resolve/", {"outcome": "dismissed"}, format="json"
    )
    assert again.status_code == 409


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "question", "reason": "typo"},
        {"kind": "quiz", "item": 1, "reason": "typo"},
        {"kind": "question", "item": 1, "reason": "boring"},
        {"kind": "question", "item": -1, "reason": "typo"},
        {"kind": "question", "item": 1, "reason": "typo", "note": "x" * 1001},
    ],
)
def test_the_api_refuses_bad_reports(api_as, student, body):
    response = api_as(student).post("/api/v1/reports/", body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not ItemReport.objects.exists()


def test_the_api_is_404_for_strangers(api_as, outsider, student, course, approved):
    filed = api_as(outsider).post(
        "/api/v1/reports/",
        {"kind": "question", "item": approved.pk, "reason": "typo"},
        format="json",
    )
    assert filed.status_code == 404
    report = report_create(user=student, kind="question", item_id=approved.pk, reason="typo")
    assert api_as(student).get(f"/api/v1/courses/{course.pk}/reports/").status_code == 404
    resolve = f"/api/v1/reports/{report.pk}/resolve/"
    assert (
        api_as(outsider).post(resolve, {"outcome": "dismissed"}, format="json").status_code == 404
    )
    assert api_as(student).get(f"/api/v1/courses/{course.pk}/reports/?status=x").status_code == 404
