"""Grade passback (AGS) to a real platform: a submitted attempt becomes a score in the LMS
gradebook, sent once per value, retried with backoff when the gradebook is down, with an access
token obtained by a signed client assertion and cached; the instructor sees each student's
sync."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from quizzes.lti.services.grades import MAX_TRIES, backoff, grades_push_due, grades_retry
from quizzes.models import GradingMethod, LtiGradeSync, SyncStatus
from tests.lti.conftest import page_text
from tests.lti.helpers import account, deep_link, published_quiz, set_up_course, take_quiz

pytestmark = [pytest.mark.urls("tests.lti.lms_urls"), pytest.mark.django_db(transaction=True)]


@pytest.fixture
def linked_quiz(lms, browser_factory):
    """A published two-question quiz added to the LMS course by deep linking; the student has
    launched it (so Retain knows their LMS account)."""
    course = set_up_course(lms, browser_factory)
    quiz = published_quiz(course, account(lms, "teacher"))
    link_id, _ = deep_link(lms, browser_factory(), f"quiz:{quiz.pk}")
    assert browser_factory().launch(lms, "student", link_id).status_code == 302
    return quiz, link_id


def test_a_submitted_attempt_appears_as_a_score_at_the_platform(lms, linked_quiz):
    quiz, link_id = linked_quiz

    take_quiz(quiz, account(lms, "student"), right=1)

    (score,) = lms.scores_for(link_id)
    assert score["userId"] == "student-sub"
    assert score["scoreGiven"] == 50.0
    assert score["scoreMaximum"] == 100
    assert score["activityProgress"] == "Completed"
    assert score["gradingProgress"] == "FullyGraded"
    sync = LtiGradeSync.objects.get()
    assert (sync.status, sync.sent_score, sync.tries) == (SyncStatus.SENT, 50.0, 0)


def test_an_unchanged_score_is_not_resent(lms, linked_quiz):
    quiz, link_id = linked_quiz
    student = account(lms, "student")
    take_quiz(quiz, student, right=2)
    posts = lms.score_posts

    take_quiz(quiz, student, right=1)  # highest attempt counts: still 100

    assert lms.score_posts == posts
    assert [s["scoreGiven"] for s in lms.scores_for(link_id)] == [100.0]


def test_a_changed_score_is_sent_again(lms, linked_quiz):
    quiz, link_id = linked_quiz
    quiz.grading_method = GradingMethod.LAST
    quiz.save()
    student = account(lms, "student")
    take_quiz(quiz, student, right=2)

    take_quiz(quiz, student, right=1)

    assert [s["scoreGiven"] for s in lms.scores_for(link_id)] == [100.0, 50.0]


def test_the_gradebook_failing_three_times_then_succeeding_records_exactly_one_score(
    lms, linked_quiz
):
    quiz, link_id = linked_quiz
    lms.score_failures = 3

    take_quiz(quiz, account(lms, "student"), right=2)  # first try: 503
    sync = LtiGradeSync.objects.get()
    assert (sync.status, sync.tries) == (SyncStatus.PENDING, 1)
    assert "503" in sync.last_error
    assert lms.scores_for(link_id) == []

    moment = timezone.now()
    for tries in (1, 2, 3):
        assert grades_push_due(now=moment) == {}  # not due yet: backoff
        moment += backoff(tries) + timedelta(seconds=1)
        grades_push_due(now=moment)

    sync.refresh_from_db()
    assert (sync.status, sync.tries, sync.last_error, sync.sent_score) == (
        SyncStatus.SENT,
        0,
        "",
        100.0,
    )
    assert lms.score_posts == 4
    assert [s["scoreGiven"] for s in lms.scores_for(link_id)] == [100.0]
    assert grades_push_due(now=moment + timedelta(hours=2)) == {}
    assert len(lms.scores_for(link_id)) == 1


def test_backoff_doubles_up_to_an_hour():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_a_gradebook_down_for_good_fails_after_the_last_try_and_the_instructor_can_retry(
    lms, linked_quiz
):
    quiz, link_id = linked_quiz
    lms.score_failures = MAX_TRIES
    take_quiz(quiz, account(lms, "student"), right=2)
    moment = timezone.now()
    for tries in range(1, MAX_TRIES):
        moment += backoff(tries) + timedelta(seconds=1)
        grades_push_due(now=moment)
    sync = LtiGradeSync.objects.get()
    assert (sync.status, sync.tries) == (SyncStatus.FAILED, MAX_TRIES)

    assert grades_retry(course=quiz.course) == 1

    sync.refresh_from_db()
    assert sync.status == SyncStatus.SENT
    assert [s["scoreGiven"] for s in lms.scores_for(link_id)] == [100.0]


def test_the_access_token_is_requested_once_and_cached_until_expiry(lms, linked_quiz):
    quiz, _ = linked_quiz
    quiz.grading_method = GradingMethod.LAST
    quiz.save()
    student = account(lms, "student")
    lms.token_requests = 0

    take_quiz(quiz, student, right=1)
    take_quiz(quiz, student, right=2)
    assert (lms.score_posts, lms.token_requests) == (2, 1)

    cache.clear()  # as when the cached token expires
    take_quiz(quiz, student, right=0)
    assert lms.token_requests == 2


def test_an_instructors_own_attempt_is_not_sent(lms, linked_quiz):
    quiz, _link_id = linked_quiz

    take_quiz(quiz, account(lms, "teacher"), right=2)

    assert lms.score_posts == 0
    assert not LtiGradeSync.objects.exists()


def test_the_instructor_sees_each_students_sync_on_the_lms_page_and_in_the_api(
    lms, linked_quiz, browser_factory, sites
):
    retain, _ = sites
    quiz, _ = linked_quiz
    lms.score_failures = 1
    take_quiz(quiz, account(lms, "student"), right=1)
    teacher = browser_factory()
    teacher.launch(lms, "teacher", lms.add_link())

    page = teacher.get(f"{retain}/courses/{quiz.course_id}/lms/")

    text = page_text(page)
    assert page.status_code == 200
    assert "Sam Student" in text
    assert "Cells quiz" in text
    assert "Waiting to be sent (try 2" in text
    assert "gradebook is down" in text
    api = teacher.get(f"{retain}/api/v1/courses/{quiz.course_id}/lms/grades/")
    (row,) = api.json()["results"]
    assert (row["status"], row["score"], row["sent_score"], row["tries"]) == (
        "pending",
        50.0,
        None,
        1,
    )


def test_a_student_cannot_see_the_sync_page(lms, linked_quiz, browser_factory, sites):
    retain, _ = sites
    quiz, link_id = linked_quiz
    student = browser_factory()
    student.launch(lms, "student", link_id)

    assert student.get(f"{retain}/courses/{quiz.course_id}/lms/").status_code == 404
    assert student.get(f"{retain}/api/v1/courses/{quiz.course_id}/lms/grades/").status_code == 404
