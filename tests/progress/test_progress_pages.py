"""Progress pages: the dashboard with its charts, the class view and CSV, drill-downs, and the
weakest-claims session."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from quizzes.courses.services import course_join
from quizzes.models import PracticeAnswer, Review
from tests.progress.fixtures import add_students, build_bank, review, take_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims_bank(course, instructor, student):
    claims_bank = build_bank(course, instructor)
    take_quiz(claims_bank.quiz, student, at=timezone.now() - timedelta(days=1))
    return claims_bank


def test_the_dashboard_lists_claims_with_links_to_their_sentence_and_to_study_them(
    web_as, claims_bank, course, student
):
    page = web_as(student).get(f"/courses/{course.pk}/progress/")
    assert page.status_code == 200
    html = page.content.decode()
    claim = claims_bank.claims[1]
    assert f"/articles/{claims_bank.source.pk}/?evidence={claim.evidence_start}-" in html
    assert f"/courses/{course.pk}/practice/?claim={claim.pk}" in html
    assert f"/courses/{course.pk}/practice/?term={claims_bank.terms[0].pk}" in html
    assert "Study my weakest claims" in html
    assert "Six claims quiz" in html


def test_the_charts_have_titles_axis_labels_and_a_table(web_as, claims_bank, course, student):
    card = next(iter(claims_bank.cards.values()))
    review(student, card, 4, timezone.now() - timedelta(days=2), claims_bank.deck)
    html = web_as(student).get(f"/courses/{course.pk}/progress/").content.decode()

    assert '<title id="forecast-title">Cards due in the next 30 days</title>' in html
    assert 'aria-labelledby="forecast-title forecast-desc"' in html
    assert ">Cards due</text>" in html  # the y axis
    assert ">Day (today first)</text>" in html  # the x axis
    assert html.count('class="bar"') == 30
    assert '<title id="calendar-title">Study calendar: the past year</title>' in html
    assert re.search(r"<desc id=\"calendar-desc\">Studied on 2 of the last 365 days", html)
    assert html.count("Show as a table") == 2
    assert '<th scope="col">Card reviews</th>' in html


def test_an_instructor_sees_a_students_dashboard_read_only(
    web_as, claims_bank, course, instructor, student
):
    page = web_as(instructor).get(f"/courses/{course.pk}/progress/students/{student.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "student’s progress" in html
    assert "read-only" in html
    assert "Study my weakest claims" not in html
    assert "Study this now" not in html


def test_students_see_neither_the_class_view_nor_each_other(web_as, claims_bank, course, student):
    classmate = add_students(course, 1)[0]
    client = web_as(classmate)
    assert client.get(f"/courses/{course.pk}/progress/class/").status_code == 404
    assert client.get(f"/courses/{course.pk}/progress/class.csv").status_code == 404
    assert client.get(f"/courses/{course.pk}/progress/students/{student.pk}/").status_code == 404
    claim = claims_bank.claims[0]
    assert client.get(f"/courses/{course.pk}/progress/claims/{claim.pk}/").status_code == 404


def test_outsiders_get_404_everywhere(web_as, claims_bank, course, outsider):
    client = web_as(outsider)
    for path in ("progress/", "progress/class/", "practice/"):
        assert client.get(f"/courses/{course.pk}/{path}").status_code == 404


def test_the_class_view_sorts_by_a_column_and_marks_it(
    web_as, claims_bank, course, instructor, student
):
    add_students(course, 2)
    page = web_as(instructor).get(f"/courses/{course.pk}/progress/class/", {"sort": "-mastery"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'aria-sort="descending"' in html
    table = html[html.index('id="students-heading"') :]
    assert table.index(">student</a>") < table.index(">pupil00</a>")
    assert "No activity yet" in html  # the two new students are at risk
    assert f"/courses/{course.pk}/progress/claims/{claims_bank.claims[0].pk}/" in html


def test_the_class_view_says_what_is_wrong_with_bad_input(web_as, course, instructor):
    page = web_as(instructor).get(f"/courses/{course.pk}/progress/class/", {"inactive_days": 0})
    assert page.status_code == 400
    assert "Ensure this value is greater than or equal to 1." in page.content.decode()


def test_the_class_table_downloads_as_csv(web_as, claims_bank, course, instructor):
    sneaky = get_user_model().objects.create_user(username="+cmd", password="x")
    course_join(user=sneaky, join_code=course.join_code)
    response = web_as(instructor).get(f"/courses/{course.pk}/progress/class.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_name = {row["student"]: row for row in rows}
    assert by_name["student"]["quiz_average_percent"] == "100.0"
    assert by_name["student"]["quizzes_taken"] == "1"
    assert by_name["'+cmd"]["at_risk"] == "No activity yet"  # a formula is kept as text


def test_a_claim_page_shows_its_items_and_students(
    web_as, claims_bank, course, instructor, other_course, outsider
):
    claim = claims_bank.claims[0]
    page = web_as(instructor).get(f"/courses/{course.pk}/progress/claims/{claim.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 of 1 answer right" in html
    assert "not studied yet" in html
    term = claims_bank.terms[0]
    assert (
        web_as(instructor).get(f"/courses/{course.pk}/progress/terms/{term.pk}/").status_code == 200
    )
    theirs = build_bank(other_course, outsider, claims=1, terms=0).claims[0]
    missing = web_as(instructor).get(f"/courses/{course.pk}/progress/claims/{theirs.pk}/")
    assert missing.status_code == 404


@pytest.fixture
def fresh_bank(course, instructor):
    """The bank with no history yet: every claim is weak."""
    return build_bank(course, instructor)


def test_the_session_starts_with_a_due_card_and_grading_it_records_a_review(
    web_as, fresh_bank, course, student
):
    client = web_as(student)
    page = client.get(f"/courses/{course.pk}/practice/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Show the answer" in html
    card_id = int(re.search(r"/practice/cards/(\d+)/", html).group(1))
    deck = re.search(r'name="deck" value="(\d+)"', html).group(1)
    review_id = uuid.uuid4()
    response = client.post(
        f"/courses/{course.pk}/practice/cards/{card_id}/",
        {"rating": "3", "review_id": str(review_id), "deck": deck},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?next=question")
    stored = Review.objects.get(pk=review_id)
    assert (stored.user_id, stored.card_id, stored.rating) == (student.pk, card_id, 3)


def test_a_question_is_answered_then_its_answer_and_sentence_show(
    web_as, fresh_bank, course, student
):
    client = web_as(student)
    page = client.get(f"/courses/{course.pk}/practice/", {"next": "question"})
    html = page.content.decode()
    assert "Check my answer" in html
    assert "Because the article says so." not in html  # no answer key before answering
    question_id = int(re.search(r"/practice/questions/(\d+)/", html).group(1))
    answer_id = uuid.uuid4()
    response = client.post(
        f"/courses/{course.pk}/practice/questions/{question_id}/",
        {"answer": "b", "answer_id": str(answer_id), "question": question_id},
    )
    assert response.status_code == 302
    stored = PracticeAnswer.objects.get(pk=answer_id)
    assert (stored.user_id, stored.question_id, stored.correct) == (student.pk, question_id, False)
    feedback = client.get(response["Location"]).content.decode()
    assert "Not quite" in feedback
    assert "Yes, right" in feedback
    assert "Because the article says so." in feedback


def test_an_empty_answer_is_refused_with_a_message(web_as, fresh_bank, course, student):
    question = next(iter(fresh_bank.questions.values()))
    response = web_as(student).post(
        f"/courses/{course.pk}/practice/questions/{question.pk}/",
        {"answer_id": str(uuid.uuid4()), "question": question.pk},
    )
    assert response.status_code == 400
    assert "Answer the question first." in response.content.decode()
    assert not PracticeAnswer.objects.exists()


def test_practising_another_courses_question_is_not_found(
    web_as, fresh_bank, course, student, other_course, outsider
):
    theirs = next(iter(build_bank(other_course, outsider, claims=1, terms=0).questions.values()))
    response = web_as(student).post(
        f"/courses/{course.pk}/practice/questions/{theirs.pk}/",
        {"answer": "a", "answer_id": str(uuid.uuid4())},
    )
    assert response.status_code == 404
    assert not PracticeAnswer.objects.exists()


def test_study_this_now_focuses_on_one_claim(web_as, fresh_bank, course, student):
    claim = fresh_bank.claims[2]
    html = web_as(student).get(f"/courses/{course.pk}/practice/", {"claim": claim.pk}).content
    html = html.decode()
    assert "Study this claim" in html
    assert "The claim you chose" in html
    assert f"?claim={claim.pk}" in html  # the forms keep the focus
