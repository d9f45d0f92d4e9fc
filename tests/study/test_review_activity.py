"""Recording a review announces it (``quizzes.activity``): once, after it commits, with what the
listeners (grade passback, xAPI) need; a replay or a refused review announces nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from quizzes.activity import activity_recorded
from quizzes.errors import StudyError
from tests.study.reviewing import grade

AT = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def announced():
    heard = []

    def listener(sender, activity, **kwargs):
        heard.append(activity)

    activity_recorded.connect(listener, dispatch_uid="test-review-activity")
    yield heard
    activity_recorded.disconnect(dispatch_uid="test-review-activity")


def test_a_recorded_review_is_announced_once_it_commits(
    enrolled, student, course, approved_cards, announced, django_capture_on_commit_callbacks
):
    card = approved_cards[0]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outcome = grade(student, card, 3, AT)
    assert announced == []  # not before the commit
    for callback in callbacks:
        callback()
    [activity] = announced
    assert activity.kind == "review-recorded"
    assert (activity.user_id, activity.course_id) == (student.pk, course.pk)
    assert activity.object_id == str(outcome.review.pk)
    assert activity.at == AT
    assert activity.data == {"card_id": card.pk, "deck_id": enrolled.pk, "rating": 3}


def test_a_replay_or_a_refused_review_announces_nothing(
    enrolled, student, approved_cards, announced, django_capture_on_commit_callbacks
):
    review_id = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        grade(student, approved_cards[1], 3, AT, review_id=review_id)
    with django_capture_on_commit_callbacks(execute=True):
        assert not grade(student, approved_cards[1], 3, AT, review_id=review_id).created
        with pytest.raises(StudyError):
            grade(student, approved_cards[2], 7, AT)
    assert len(announced) == 1


def test_a_late_review_recorded_under_the_lock_is_announced_too(
    enrolled, student, approved_cards, announced, django_capture_on_commit_callbacks
):
    card = approved_cards[4]
    with django_capture_on_commit_callbacks(execute=True):
        grade(student, card, 3, AT)
        grade(student, card, 2, AT.replace(hour=9), now=AT)  # older than the last: replayed
    assert [a.at for a in announced] == [AT, AT.replace(hour=9)]
