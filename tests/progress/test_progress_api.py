"""API: a learner's own progress, the class view, per-claim summaries and drill-downs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.progress.fixtures import add_students, build_bank, review, take_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims_bank(course, instructor, student):
    claims_bank = build_bank(course, instructor)
    now = timezone.now()
    first = claims_bank.claims[0]
    take_quiz(
        claims_bank.quiz,
        student,
        right={claims_bank.questions[("claim", first.pk)].pk},
        at=now - timedelta(hours=2),
    )
    card = claims_bank.cards[("claim", first.pk)]
    review(student, card, 3, now - timedelta(hours=1), claims_bank.deck)
    review(student, card, 3, now - timedelta(minutes=45), claims_bank.deck)
    return claims_bank


def test_a_student_gets_their_mastery_per_claim_and_term_weakest_first(
    api_as, claims_bank, course, student
):
    response = api_as(student).get("/api/v1/progress/me/", {"course": course.pk})
    assert response.status_code == 200
    body = response.json()
    assert body["course"] == {"id": course.pk, "title": course.title}
    assert body["learner"]["username"] == "student"
    claims = body["claims"]
    assert [c["state"] for c in claims] == ["learning", "learning", "mastered"]
    mastered = claims[-1]
    assert mastered["topic"]["id"] == claims_bank.claims[0].pk
    assert (mastered["answers"], mastered["cards_reviewed"]) == (1, 1)
    assert mastered["topic"]["evidence_url"].startswith(f"/articles/{claims_bank.source.pk}/")
    assert len(body["terms"]) == 2
    study = body["study"]
    assert (study["due_today"], study["learning_today"], study["new_waiting"]) == (0, 0, 4)
    assert study["streak"] == 1
    assert study["quizzes"][0]["percent"] == 20.0
    assert len(study["forecast"]) == 30
    assert study["calendar"][-1]["reviews"] == 2
    assert body["summary"]["counts"]["mastered"] == 1


def test_me_needs_a_course_id(api_as, student):
    response = api_as(student).get("/api/v1/progress/me/")
    assert response.status_code == 400
    assert response.json()["course"] == ["Say which course: ?course=ID (one of your courses)."]
    response = api_as(student).get("/api/v1/progress/me/", {"course": "abc"})
    assert response.status_code == 400
    assert response.json()["course"] == ["The course is a number: ?course=ID."]


def test_me_in_a_course_you_do_not_belong_to_is_not_found(api_as, student, other_course):
    response = api_as(student).get("/api/v1/progress/me/", {"course": other_course.pk})
    assert response.status_code == 404


def test_a_student_asking_for_another_students_progress_gets_404(
    api_as, claims_bank, course, student
):
    classmate = add_students(course, 1)[0]
    response = api_as(classmate).get(f"/api/v1/courses/{course.pk}/progress/students/{student.pk}/")
    assert response.status_code == 404
    own = api_as(classmate).get(f"/api/v1/courses/{course.pk}/progress/students/{classmate.pk}/")
    assert own.status_code == 200


def test_an_instructor_sees_a_students_dashboard(api_as, claims_bank, course, instructor, student):
    response = api_as(instructor).get(
        f"/api/v1/courses/{course.pk}/progress/students/{student.pk}/"
    )
    assert response.status_code == 200
    assert response.json()["learner"]["id"] == student.pk
    assert response.json()["claims"][-1]["state"] == "mastered"


def test_an_instructor_cannot_see_someone_outside_the_course(
    api_as, claims_bank, course, instructor, outsider
):
    url = f"/api/v1/courses/{course.pk}/progress/students/{outsider.pk}/"
    assert api_as(instructor).get(url).status_code == 404


@pytest.mark.parametrize("path", ["progress/", "progress/claims/", "progress/terms/"])
def test_students_get_404_for_the_class_view(api_as, claims_bank, course, student, path):
    assert api_as(student).get(f"/api/v1/courses/{course.pk}/{path}").status_code == 404


def test_the_class_view_lists_every_student_sorted(
    api_as, claims_bank, course, instructor, student
):
    add_students(course, 2)
    response = api_as(instructor).get(
        f"/api/v1/courses/{course.pk}/progress/", {"sort": "-mastery", "inactive_days": 3}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["sort"], body["inactive_days"]) == ("-mastery", 3)
    rows = body["students"]
    assert rows[0]["username"] == "student"
    assert rows[0]["quiz_percent"] == 20.0
    assert rows[0]["at_risk"] is False
    assert [r["risks"] for r in rows[1:]] == [["No activity yet"], ["No activity yet"]]
    assert len(body["claims"]) == 3
    assert body["weakest_claims"][0]["topic"]["kind"] == "claim"


def test_the_class_view_refuses_an_unknown_sort_or_bad_days(api_as, course, instructor):
    client = api_as(instructor)
    response = client.get(f"/api/v1/courses/{course.pk}/progress/", {"sort": "height"})
    assert response.status_code == 400
    assert response.json()["sort"][0].startswith("Sort by one of: name, mastery")
    response = client.get(f"/api/v1/courses/{course.pk}/progress/", {"inactive_days": 0})
    assert response.status_code == 400
    assert "inactive_days" in response.json()


def test_the_class_view_of_another_course_is_not_found(api_as, instructor, other_course):
    assert api_as(instructor).get(f"/api/v1/courses/{other_course.pk}/progress/").status_code == 404


def test_per_claim_rows_give_the_share_mastered_and_not_started(
    api_as, claims_bank, course, instructor
):
    add_students(course, 1)
    response = api_as(instructor).get(f"/api/v1/courses/{course.pk}/progress/claims/")
    assert response.status_code == 200
    rows = {row["topic"]["id"]: row for row in response.json()}
    first = rows[claims_bank.claims[0].pk]
    assert (first["students"], first["mastered"], first["not_started"]) == (2, 1, 1)
    assert first["share_mastered"] == 0.5
    terms = api_as(instructor).get(f"/api/v1/courses/{course.pk}/progress/terms/").json()
    assert [row["topic"]["kind"] for row in terms] == ["term", "term"]


def test_a_claim_drill_down_lists_its_items_and_each_students_mastery(
    api_as, claims_bank, course, instructor, student
):
    claim = claims_bank.claims[0]
    response = api_as(instructor).get(f"/api/v1/courses/{course.pk}/progress/claims/{claim.pk}/")
    assert response.status_code == 200
    body = response.json()
    kinds = {(item["kind"], item["id"]) for item in body["items"]}
    assert kinds == {
        ("question", claims_bank.questions[("claim", claim.pk)].pk),
        ("card", claims_bank.cards[("claim", claim.pk)].pk),
    }
    assert body["students"] == [
        {
            "user_id": student.pk,
            "username": "student",
            "state": "mastered",
            "value": pytest.approx(1.0),
            "confidence": pytest.approx(body["students"][0]["confidence"]),
        }
    ]


def test_a_claim_of_another_course_is_not_found(
    api_as, claims_bank, course, instructor, other_course, outsider
):
    theirs = build_bank(other_course, outsider, claims=1, terms=1)
    url = f"/api/v1/courses/{course.pk}/progress/claims/{theirs.claims[0].pk}/"
    assert api_as(instructor).get(url).status_code == 404
    url = f"/api/v1/courses/{course.pk}/progress/terms/{theirs.terms[0].pk}/"
    assert api_as(instructor).get(url).status_code == 404
