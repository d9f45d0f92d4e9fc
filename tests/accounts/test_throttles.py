"""Issue #18, items 2 and 6: throttles keyed on the real client address (a documented number of
trusted proxies), counted in the shared cache, sized so study never meets them; join codes too."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.test import RequestFactory

from quizzes.core.clients import client_address
from quizzes.courses.services import course_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"


def test_rotating_x_forwarded_for_does_not_dodge_the_token_endpoints_throttle(api, student):
    body = {"username": "student", "password": PASSWORD}
    statuses = [
        api.post(TOKEN, body, format="json", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(50)
    ]
    assert statuses.count(200) == 30
    assert statuses[30:] == [429] * 20


def test_behind_trusted_proxies_the_client_is_the_address_the_outermost_one_saw(settings):
    factory = RequestFactory()
    spoofed = "6.6.6.6, 203.0.113.5, 10.0.0.2"  # the client wrote 6.6.6.6 itself
    request = factory.get("/", HTTP_X_FORWARDED_FOR=spoofed, REMOTE_ADDR="10.0.0.3")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.3"  # the header is ignored
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 4  # fewer entries than proxies: not through them all
    assert client_address(request) == "10.0.0.3"


def test_an_ipv6_client_is_counted_by_its_slash_64(settings):
    factory = RequestFactory()
    one = factory.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    other = factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert client_address(one) == client_address(other) == "2001:db8:1:2::/64"
    assert client_address(factory.get("/", REMOTE_ADDR="::ffff:203.0.113.1")) == "203.0.113.1"


def test_signed_in_api_use_is_throttled_per_user(api_as, student, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "user": "5/min",
        },
    }
    client = api_as(student)
    statuses = [client.get("/api/v1/courses/").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2


def test_a_studying_student_never_meets_the_default_throttle(api_as, student, enrolled):
    """A brisk session: a review every two seconds and a fetch of the next cards after each, for
    ten minutes, is 600 requests; the default allows 1200 a minute."""
    client = api_as(student)
    statuses = {
        client.get(f"/api/v1/decks/{enrolled.pk}/progress/").status_code for _ in range(300)
    }
    assert statuses == {200}


def test_guessing_join_codes_is_braked_per_user_on_the_page_and_the_api(
    client, api_as, outsider, instructor
):
    course = course_create(user=instructor, title="Biology")
    client.force_login(outsider)
    api = api_as(outsider)
    for n in range(5):
        assert client.post("/courses/join/", {"join_code": f"WRONG{n:03}"}).status_code == 400
        assert api.post("/api/v1/courses/join/", {"join_code": f"BAD{n:04}"}).status_code == 400
    page = client.post("/courses/join/", {"join_code": course.join_code})
    assert page.status_code == 429
    assert "Too many wrong join codes" in page.content.decode()
    refused = api.post("/api/v1/courses/join/", {"join_code": course.join_code})
    assert refused.status_code == 429
    assert refused.json()["field"] == "join_code"
    assert int(refused["Retry-After"]) > 3000


def test_guessing_join_codes_from_one_client_is_braked_across_accounts(
    client, settings, instructor, outsider, student
):
    settings.JOIN_FAILURES_PER_CLIENT = 3
    course = course_create(user=instructor, title="Biology")
    client.force_login(student)
    for n in range(3):
        client.post("/courses/join/", {"join_code": f"WRONG{n:03}"})
    client.force_login(outsider)
    assert client.post("/courses/join/", {"join_code": course.join_code}).status_code == 429
    signup = client.post(
        "/signup/",
        {
            "username": "newbie",
            "password1": "long-enough-pass",
            "password2": "long-enough-pass",
            "join_code": course.join_code,
        },
    )
    assert "Too many wrong join codes" in signup.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_server_processes_allow_the_token_endpoint_what_one_does(tmp_path):
    """gunicorn with two workers against the test database: twelve sign-ins (each a new
    connection, spread over both workers) meet one count of eight an hour, not two. (Few and an
    hour: each failed sign-in costs the server a full-strength password hash.)"""
    from tests.sources.test_job_reaper import ROOT, _database_url

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "API_RATE_TOKEN": "8/hour",
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        # --preload: both workers fork from a loaded app, so none is still importing Django
        # when the first sign-in reaches it (on a loaded machine that took over 10 s).
        [
            *(sys.executable, "-m", "gunicorn", "--preload", "-w", "2"),
            *("-b", f"127.0.0.1:{port}", "learning.wsgi"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            time.sleep(0.1)
        statuses = [_sign_in(port, f"nobody-{n}") for n in range(12)]
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert statuses == [400] * 8 + [429] * 4, (tmp_path / "gunicorn.log").read_text()[-2000:]


def _sign_in(port: int, username: str) -> int:
    body = json.dumps({"username": username, "password": "guess"}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{TOKEN}",
        data=body,
        headers={"Content-Type": "application/json", "Connection": "close"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
