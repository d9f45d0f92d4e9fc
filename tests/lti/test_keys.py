"""Keys: the platform's JWKS is cached and refreshed when a launch names a new key; Retain's own
keys rotate with a command, the old one served until it retires."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import requests
from django.core.management import call_command
from django.utils import timezone
from lti_tool.models import Key

from quizzes.lti.services.keys import keys_retire
from tests.lti.helpers import account, deep_link, published_quiz, set_up_course, take_quiz
from tests.lti.lti_platform import kid_of, new_key

pytestmark = [pytest.mark.urls("tests.lti.lms_urls"), pytest.mark.django_db(transaction=True)]


def test_a_launch_signed_with_the_rotated_platform_key_validates_after_a_jwks_refresh(
    lms, browser_factory
):
    assert browser_factory().launch(lms, "teacher", lms.add_link()).status_code == 302
    assert lms.jwks_requests == 1
    assert browser_factory().launch(lms, "teacher", lms.add_link()).status_code == 302
    assert lms.jwks_requests == 1  # cached

    new_kid = lms.rotate_key()
    lms.published_keys = [lms.signing_key]  # the platform has dropped its old key too

    answer = browser_factory().launch(lms, "student", lms.add_link())

    assert answer.status_code == 302
    assert lms.jwks_requests == 2  # refreshed once, for the unknown kid
    assert new_kid == kid_of(lms.signing_key)


def test_unknown_key_ids_refresh_the_jwks_at_most_once_in_a_while(lms, browser_factory):
    browser_factory().launch(lms, "teacher", lms.add_link())
    unpublished = new_key()
    lms.tamper = lambda claims, header: (
        claims,
        {**header, "kid": kid_of(unpublished)},
        unpublished,
    )

    for _ in range(3):
        assert browser_factory().launch(lms, "teacher", lms.add_link()).status_code == 400

    assert lms.jwks_requests == 2  # one refresh, not one per forged launch


def jwks(sites) -> list[str]:
    retain, _ = sites
    return [key["kid"] for key in requests.get(f"{retain}/lti/jwks/", timeout=10).json()["keys"]]


def test_retains_keys_rotate_and_the_old_one_is_served_until_it_retires(
    lms, browser_factory, sites
):
    course = set_up_course(lms, browser_factory)
    quiz = published_quiz(course, account(lms, "teacher"))
    link_id, _ = deep_link(lms, browser_factory(), f"quiz:{quiz.pk}")  # signed with key 1
    browser_factory().launch(lms, "student", link_id)
    (old,) = jwks(sites)

    out = io.StringIO()
    call_command("lti_rotate_keys", stdout=out)
    assert "New signing key" in out.getvalue()

    new, still_old = jwks(sites)
    assert still_old == old
    assert new != old
    # What Retain signs now uses the new key, and the platform accepts it: a deep-linking
    # response, and the client assertion behind a score.
    deep_link(lms, browser_factory(), f"quiz:{quiz.pk}")
    take_quiz(quiz, account(lms, "student"), right=2)
    assert [s["scoreGiven"] for s in lms.scores_for(link_id)] == [100.0]

    assert keys_retire(now=timezone.now() + timedelta(days=6)) == []
    assert keys_retire(now=timezone.now() + timedelta(days=8)) == [old]
    assert jwks(sites) == [new]
    assert Key.objects.filter(is_active=True).count() == 1
