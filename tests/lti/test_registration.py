"""Registering platforms: by LTI Dynamic Registration against a real platform (the LMS opens
Retain's one-time URL, the two exchange configurations, launches work), and by hand on the
administrators' page."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from lti_tool.models import LtiDeployment, LtiRegistration

from quizzes.lti.services.platforms import SCOPES, invite_create
from quizzes.models import LtiRegistrationInvite
from tests.lti.conftest import form_of, make_lms, page_text
from tests.lti.lti_platform import LMS

pytestmark = [pytest.mark.urls("tests.lti.lms_urls")]


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_user(username="admin", password="x", is_staff=True)


@pytest.fixture
def fresh_lms(sites, transactional_db):
    """A platform Retain does not know yet."""
    lms = make_lms("dyn", sites)
    yield lms
    LMS.pop("dyn", None)


def registration_url(sites, token: str, lms) -> str:
    retain, _ = sites
    query = urlencode(
        {
            "openid_configuration": lms.url(".well-known/openid-configuration"),
            "registration_token": lms.registration_token,
        }
    )
    return f"{retain}/lti/register/{token}/?{query}"


@pytest.mark.django_db(transaction=True)
def test_dynamic_registration_completes_and_the_platform_can_launch(
    fresh_lms, admin, sites, browser_factory
):
    lms = fresh_lms
    invite = invite_create(user=admin)
    browser = browser_factory()

    confirm = browser.get(registration_url(sites, invite.token, lms))
    assert confirm.status_code == 200
    assert lms.issuer in page_text(confirm)
    assert (
        f"frame-ancestors {lms.url('').split('/lms')[0]}"
        in confirm.headers["Content-Security-Policy"]
    )
    _action, fields = form_of(confirm.text)
    done = browser.post(confirm.url, fields)

    assert done.status_code == 200, page_text(done)
    assert "Retain is registered" in page_text(done)
    assert "data-lti-close" in done.text
    (sent,) = lms.registrations
    assert sent["initiate_login_uri"].endswith("/lti/login/")
    assert sent["redirect_uris"] == [lms.tool_launch]
    assert sent["jwks_uri"].endswith("/lti/jwks/")
    assert sent["token_endpoint_auth_method"] == "private_key_jwt"
    assert set(sent["scope"].split()) == set(SCOPES) - {
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
    }  # only what the platform supports
    tool = sent["https://purl.imsglobal.org/spec/lti-tool-configuration"]
    assert {m["type"] for m in tool["messages"]} == {
        "LtiResourceLinkRequest",
        "LtiDeepLinkingRequest",
    }
    registration = LtiRegistration.objects.get(issuer=lms.issuer)
    assert registration.client_id == lms.client_id == "dyn-1-dyn"
    assert (registration.auth_url, registration.token_url, registration.keyset_url) == (
        lms.url("auth"),
        lms.url("token"),
        lms.url("jwks"),
    )
    assert LtiDeployment.objects.get(registration=registration).is_active
    # The registration works: a launch from the platform is accepted.
    assert browser_factory().launch(lms, "teacher", lms.add_link()).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_a_registration_url_works_once(fresh_lms, admin, sites, browser_factory, caplog):
    invite = invite_create(user=admin)
    browser = browser_factory()
    confirm = browser.get(registration_url(sites, invite.token, fresh_lms))
    browser.post(confirm.url, form_of(confirm.text)[1])

    again = browser_factory().get(registration_url(sites, invite.token, fresh_lms))

    assert again.status_code == 404
    assert "unknown, used or expired" in page_text(again)
    assert LtiRegistration.objects.count() == 1
    assert LtiRegistrationInvite.objects.get().registration is not None


@pytest.mark.django_db(transaction=True)
def test_a_made_up_registration_url_registers_nothing(fresh_lms, sites, browser_factory):
    answer = browser_factory().get(registration_url(sites, "guessed-token", fresh_lms))

    assert answer.status_code == 404
    assert not fresh_lms.registrations
    assert not LtiRegistration.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_configuration_outside_its_issuer_is_refused(fresh_lms, admin, sites, browser_factory):
    invite = invite_create(user=admin)
    fresh_lms.issuer = "http://127.0.0.1:1/somewhere-else"

    answer = browser_factory().get(registration_url(sites, invite.token, fresh_lms))

    assert answer.status_code == 400
    assert "not under its issuer" in page_text(answer)


# --- the administrators' page


def test_the_platforms_page_is_for_administrators_only(client, instructor):
    client.force_login(instructor)

    assert client.get("/lti/platforms/").status_code == 404
    assert client.post("/lti/platforms/invite/").status_code == 404


def test_an_administrator_registers_a_platform_by_hand(client, admin):
    client.force_login(admin)

    page = client.get("/lti/platforms/")
    assert "http://testserver/lti/login/" in page.content.decode()
    answer = client.post(
        "/lti/platforms/",
        {
            "name": "University Moodle",
            "issuer": "https://moodle.school.edu",
            "client_id": "abc123",
            "auth_url": "https://moodle.school.edu/mod/lti/auth.php",
            "token_url": "https://moodle.school.edu/mod/lti/token.php",
            "keyset_url": "https://moodle.school.edu/mod/lti/certs.php",
            "deployment_ids": "1\n2",
            "frame_origins": "https://moodle-cdn.school.edu",
        },
    )

    registration = LtiRegistration.objects.get(client_id="abc123")
    assert answer.status_code == 302
    assert answer["Location"] == f"/lti/platforms/{registration.pk}/"
    assert sorted(registration.deployments.values_list("deployment_id", "is_active")) == [
        ("1", True),
        ("2", True),
    ]
    assert registration.retain_options.frame_origins == ["https://moodle-cdn.school.edu"]


def test_the_same_issuer_and_client_id_cannot_be_registered_twice(client, admin, settings):
    settings.LTI_ALLOW_HTTP = False
    client.force_login(admin)
    data = {
        "name": "Canvas",
        "issuer": "https://canvas.instructure.com",
        "client_id": "10000000000001",
        "auth_url": "https://sso.canvaslms.com/api/lti/authorize_redirect",
        "token_url": "https://sso.canvaslms.com/login/oauth2/token",
        "keyset_url": "https://sso.canvaslms.com/api/lti/security/jwks",
        "deployment_ids": "12:abc",
    }
    client.post("/lti/platforms/", data)

    again = client.post("/lti/platforms/", data)
    plain = client.post(
        "/lti/platforms/", {**data, "client_id": "2", "token_url": "http://x.test/t"}
    )

    assert again.status_code == 400
    assert "already registered" in again.content.decode()
    assert plain.status_code == 400
    assert "https://" in plain.content.decode()
    assert LtiRegistration.objects.count() == 1


def test_an_administrator_switches_deployments_and_makes_a_registration_url(client, admin):
    client.force_login(admin)
    client.post(
        "/lti/platforms/",
        {
            "name": "Moodle",
            "issuer": "https://moodle.test",
            "client_id": "c",
            "auth_url": "https://moodle.test/auth",
            "token_url": "https://moodle.test/token",
            "keyset_url": "https://moodle.test/certs",
            "deployment_ids": "1\n2",
        },
    )
    registration = LtiRegistration.objects.get()
    first = registration.deployments.get(deployment_id="1")

    client.post(
        f"/lti/platforms/{registration.pk}/",
        {"is_active": "on", "active_deployments": [str(first.pk)], "new_deployment_ids": "3"},
    )
    page = client.post("/lti/platforms/invite/", follow=True)

    assert dict(registration.deployments.values_list("deployment_id", "is_active")) == {
        "1": True,
        "2": False,
        "3": True,
    }
    url = re.search(r"http://testserver/lti/register/[\w-]+/", page.content.decode()).group(0)
    assert LtiRegistrationInvite.objects.get().token in url
