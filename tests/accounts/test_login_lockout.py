"""Issue #18, items 1 and 2: sign-in is braked per account and per client, with a cool-off, the
same on the login page and on ``POST /api/v1/auth/token/``, counted by the client's real address."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"


def web_login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def api_login(api, username, password, **extra):
    return api.post(TOKEN, {"username": username, "password": password}, format="json", **extra)


def test_fifty_wrong_passwords_lock_the_account_and_then_the_right_one_is_refused(client, student):
    statuses = [web_login(client, "student", f"wrong-{n}").status_code for n in range(50)]
    assert statuses[:9] == [200] * 9  # the form again, with its error
    assert set(statuses[9:]) == {429}
    refused = web_login(client, "student", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    page = refused.content.decode()
    assert "Too many failed sign-ins" in page
    assert "try again in 15 minutes" in page
    assert refused["Retry-After"]


def test_the_lock_cools_off_and_the_right_password_then_works(client, student, later):
    for n in range(10):
        web_login(client, "student", f"wrong-{n}")
    assert web_login(client, "student", PASSWORD).status_code == 429
    later(16)
    assert web_login(client, "student", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(student.pk)


def test_attempts_refused_during_the_cool_off_do_not_stretch_it(client, student, later):
    for n in range(10):
        web_login(client, "student", f"wrong-{n}")
    later(10)
    for n in range(20):
        assert web_login(client, "student", f"again-{n}").status_code == 429
    later(16)  # 16 minutes after the tenth failure, whatever came after it
    assert web_login(client, "student", PASSWORD).status_code == 302


def test_the_token_endpoint_keeps_the_same_rule_as_the_page(client, api, student):
    for n in range(10):
        web_login(client, "student", f"wrong-{n}")
    refused = api_login(api, "student", PASSWORD)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Too many failed sign-ins")
    assert int(refused["Retry-After"]) > 0


def test_failures_on_the_token_endpoint_lock_the_page_too(client, api, student):
    for n in range(10):
        assert api_login(api, "student", f"wrong-{n}").status_code in (400, 429)
    assert web_login(client, "student", PASSWORD).status_code == 429


def test_one_client_trying_many_accounts_is_locked_but_others_are_not(client, settings, student):
    settings.LOGIN_FAILURES_PER_CLIENT = 5
    for n in range(5):
        web_login(client, f"someone-{n}", "guess", REMOTE_ADDR="203.0.113.7")
    assert web_login(client, "student", PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert web_login(client, "student", PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 302


def test_a_rotated_x_forwarded_for_does_not_make_a_new_client(client, settings, student):
    settings.LOGIN_FAILURES_PER_CLIENT = 5
    for n in range(5):
        web_login(client, f"someone-{n}", "guess", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    refused = web_login(client, "student", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert refused.status_code == 429


def test_a_successful_sign_in_clears_the_accounts_count_not_the_clients(client, settings, student):
    settings.LOGIN_FAILURES_PER_CLIENT = 12
    for n in range(9):
        web_login(client, "student", f"wrong-{n}")
    assert web_login(client, "student", PASSWORD).status_code == 302
    client.logout()
    for n in range(9):  # a fresh allowance for the account: nine more are not a lock...
        assert web_login(client, "student", f"again-{n}").status_code in (200, 429)
    # ...but the client has now failed 18 times, past its 12
    assert web_login(client, "student", PASSWORD).status_code == 429


def test_a_failed_sign_in_logs_who_and_from_where_but_never_the_password(client, student, caplog):
    with caplog.at_level(logging.WARNING, logger="quizzes.accounts.lockout"):
        web_login(client, "student\nforged line", "hunter2-secret", REMOTE_ADDR="203.0.113.9")
    [record] = caplog.records
    message = record.getMessage()
    assert "username='student\\nforged line'" in message  # escaped: one log line
    assert "client=203.0.113.9" in message
    assert "path=/accounts/login/" in message
    assert "account failures=1/10" in message
    assert "hunter2" not in message
