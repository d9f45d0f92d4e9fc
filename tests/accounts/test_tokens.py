"""Issue #18, item 3: API tokens a user can see and revoke, made anew at each sign-in, revoked by
a password change, optionally expiring — on the ORM path and on the study hot path alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.accounts.tokens import token_create, token_digest
from quizzes.models import ApiToken
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"


def sign_in(api, name=""):
    body = {"username": "student", "password": PASSWORD, "name": name}
    return api.post(TOKEN, body, format="json")


def with_token(api, key):
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_the_token_endpoint_makes_a_new_token_each_time(api, student):
    first, second = sign_in(api, "phone").json(), sign_in(api, "laptop").json()
    assert first["token"] != second["token"]
    assert first["name"] == "phone"
    assert ApiToken.objects.filter(user=student).count() == 2


def test_only_a_digest_of_the_key_is_stored(api, student):
    key = sign_in(api).json()["token"]
    stored = ApiToken.objects.get(user=student)
    assert stored.digest == token_digest(key)
    assert key not in {stored.digest, stored.prefix}
    assert key.startswith(stored.prefix)


def test_a_password_change_revokes_every_token(client, api, student):
    key = sign_in(api).json()["token"]
    assert with_token(api, key).get("/api/v1/courses/").status_code == 200
    client.force_login(student)
    changed = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-pass",
            "new_password2": "a-new-long-pass",
        },
    )
    assert changed.status_code == 302
    assert with_token(api, key).get("/api/v1/courses/").status_code == 401
    assert not ApiToken.objects.filter(user=student).exists()


def test_a_login_that_upgrades_the_password_hash_keeps_the_tokens(api, student, settings):
    key = sign_in(api).json()["token"]
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    api.credentials()
    sign_in(api)  # the MD5 hash is upgraded to PBKDF2 on this sign-in
    assert with_token(api, key).get("/api/v1/courses/").status_code == 200


def test_a_user_sees_and_revokes_their_tokens_through_the_api(api, student, outsider):
    key = sign_in(api, "phone").json()["token"]
    other, _ = token_create(user=student, origin="page", name="script")
    theirs, _ = token_create(user=outsider, origin="page")
    listed = with_token(api, key).get("/api/v1/auth/tokens/").json()
    assert [(t["name"], t["current"]) for t in listed] == [("script", False), ("phone", True)]
    assert "token" not in listed[0]
    assert api.delete(f"/api/v1/auth/tokens/{theirs.pk}/").status_code == 404
    assert api.delete(f"/api/v1/auth/tokens/{other.pk}/").status_code == 204
    current = listed[1]["id"]
    assert api.delete(f"/api/v1/auth/tokens/{current}/").status_code == 204  # signs out
    assert api.get("/api/v1/auth/tokens/").status_code == 401
    assert ApiToken.objects.filter(user=outsider).exists()


def test_a_user_makes_sees_and_revokes_tokens_on_their_account_page(client, api, student):
    client.force_login(student)
    made = client.post("/account/tokens/", {"name": "grading script"})
    assert made.status_code == 201
    assert made["Cache-Control"] == "no-store"
    key = made.context["new_key"]
    assert key in made.content.decode()
    page = client.get("/account/tokens/").content.decode()
    assert "grading script" in page
    assert key not in page  # shown once
    token = ApiToken.objects.get(user=student)
    assert with_token(api, key).get("/api/v1/courses/").status_code == 200
    client.post(f"/account/tokens/{token.pk}/revoke/")
    assert with_token(api, key).get("/api/v1/courses/").status_code == 401


def test_revoke_all_on_the_page_signs_every_program_out(client, api, student, outsider):
    keys = [token_create(user=student, origin="page")[1] for _ in range(3)]
    token_create(user=outsider, origin="page")
    client.force_login(student)
    client.post("/account/tokens/revoke-all/")
    assert all(with_token(api, k).get("/api/v1/courses/").status_code == 401 for k in keys)
    assert ApiToken.objects.filter(user=outsider).count() == 1


def test_another_users_token_cannot_be_revoked_from_the_page(client, student, outsider):
    theirs, _ = token_create(user=outsider, origin="page")
    client.force_login(student)
    assert client.post(f"/account/tokens/{theirs.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_logging_out_of_the_web_keeps_the_tokens_made_for_other_programs(client, api, student):
    client.force_login(student)
    key = client.post("/account/tokens/", {"name": "phone"}).context["new_key"]
    client.post("/accounts/logout/")
    assert with_token(api, key).get("/api/v1/courses/").status_code == 200


def test_tokens_expire_after_the_lifetime_on_every_path(api, student, enrolled, approved_cards):
    token, key = token_create(user=student, origin="page")
    assert token.expires_at is not None
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    api = with_token(api, key)
    assert api.get("/api/v1/courses/").status_code == 200
    assert api.get(f"/api/v1/decks/{enrolled.pk}/study/").status_code == 200  # the lean path
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    for path in ("/api/v1/courses/", f"/api/v1/decks/{enrolled.pk}/study/"):
        response = api.get(path)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"


def test_a_lifetime_of_zero_days_makes_tokens_that_never_expire(student, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 0
    token, _ = token_create(user=student, origin="page")
    assert token.expires_at is None


def test_a_user_holds_at_most_fifty_live_tokens(api, student):
    for _ in range(50):
        token_create(user=student, origin="page")
    refused = sign_in(api)
    assert refused.status_code == 400
    assert "revoke" in refused.json()["detail"]
    ApiToken.objects.filter(user=student).update(expires_at=timezone.now() - timedelta(days=1))
    assert sign_in(api).status_code == 200  # expired ones make room
