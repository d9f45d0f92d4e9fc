"""Races: the same id_token posted many times at once launches once; the same gradebook row
pushed by many workers at once is sent once. (SQLite serialises the writers; PostgreSQL runs them
truly at once — run this file with DATABASE_URL=postgres://… too.)"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from quizzes.lti.services.grades import grade_push
from quizzes.models import LtiGradeSync, LtiLogin, SyncStatus
from tests.lti.helpers import account, deep_link, published_quiz, set_up_course, take_quiz

pytestmark = [pytest.mark.urls("tests.lti.lms_urls"), pytest.mark.django_db(transaction=True)]

THREADS = 8


def test_one_id_token_posted_eight_times_at_once_launches_once(lms, browser_factory):
    browser = browser_factory()
    action, fields = browser.launch_form(lms, "teacher", lms.add_link())
    barrier = threading.Barrier(THREADS)

    def post(_):
        barrier.wait()
        return browser.post(action, fields).status_code

    with ThreadPoolExecutor(THREADS) as pool:
        statuses = sorted(pool.map(post, range(THREADS)))

    assert statuses == [302] + [400] * (THREADS - 1)
    assert LtiLogin.objects.get(state=fields["state"]).used_at is not None


def test_one_grade_pushed_by_eight_workers_at_once_is_sent_once(lms, browser_factory):
    course = set_up_course(lms, browser_factory)
    quiz = published_quiz(course, account(lms, "teacher"))
    link_id, _ = deep_link(lms, browser_factory(), f"quiz:{quiz.pk}")
    browser_factory().launch(lms, "student", link_id)
    lms.score_failures = 1
    take_quiz(quiz, account(lms, "student"), right=2)  # the first push fails: the row waits
    sync = LtiGradeSync.objects.get()
    due = sync.next_try_at
    barrier = threading.Barrier(THREADS)

    def push(_):
        try:
            barrier.wait()
            return grade_push(sync_id=sync.pk, now=due)
        finally:
            connection.close()

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = sorted(pool.map(push, range(THREADS)))

    assert outcomes == ["sent"] + ["skipped"] * (THREADS - 1)
    assert [s["scoreGiven"] for s in lms.scores_for(link_id)] == [100.0]
    sync.refresh_from_db()
    assert sync.status == SyncStatus.SENT
