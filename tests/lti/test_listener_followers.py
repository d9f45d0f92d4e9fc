"""The activity listener asks once per course which followers it has, then keeps the answer a
while (every review announces itself); a change saved in this process is seen at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.lti.listeners import followers
from quizzes.models import XapiSettings

pytestmark = pytest.mark.django_db


def test_followers_are_asked_once_then_kept(course):
    with CaptureQueriesContext(connection) as first:
        assert followers(course.pk) == (False, False)
    with CaptureQueriesContext(connection) as again:
        for _ in range(5):
            assert followers(course.pk) == (False, False)
    assert len(first.captured_queries) == 1
    assert again.captured_queries == []


def test_an_lrs_enabled_in_this_process_is_followed_at_once(course):
    assert followers(course.pk) == (False, False)
    XapiSettings.objects.create(course=course, enabled=True, endpoint="http://127.0.0.1:1/xAPI/")
    assert followers(course.pk) == (False, True)
