"""Launches that must be refused, each with a clear error page and a log line naming the check.

The platform is real (``tests.lti.lti_platform``); each test changes one thing about what it sends —
a claim, the signing key, the header — or replays what it sent, the way an attacker or a broken
LMS would.
"""

from __future__ import annotations

import time

import pytest
from lti_tool.models import LtiDeployment

from quizzes.models import Course, LtiLogin
from tests.lti.conftest import page_text
from tests.lti.lti_platform import kid_of, new_key

pytestmark = [pytest.mark.urls("tests.lti.lms_urls"), pytest.mark.django_db(transaction=True)]

DEPLOYMENT = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
MESSAGE_TYPE = "https://purl.imsglobal.org/spec/lti/claim/message_type"
TARGET = "https://purl.imsglobal.org/spec/lti/claim/target_link_uri"


def refused(answer, caplog, code: str, status: int, words: str) -> None:
    assert answer.status_code == status, page_text(answer)[:400]
    text = page_text(answer)
    assert "Retain could not open from your course" in text
    assert words in text
    assert f"launch/{code}" in text
    assert f"LTI launch refused ({code})" in caplog.text
    assert not Course.objects.exists()  # nothing was set up for a refused launch


def tamper_claims(lms, **changes):
    def tamper(claims, header):
        claims.update(changes)
        return claims, header, lms.signing_key

    lms.tamper = tamper


def test_a_valid_launch_passes(lms, browser_factory):
    """The control for every refusal below: unchanged, the same launch is accepted."""
    assert browser_factory().launch(lms, "teacher", lms.add_link()).status_code == 302


def test_a_bad_signature_is_refused(lms, browser_factory, caplog):
    forger = new_key()

    def tamper(claims, header):
        return claims, header, forger  # the platform's kid, someone else's key

    lms.tamper = tamper
    answer = browser_factory().launch(lms, "teacher", lms.add_link())

    refused(answer, caplog, "signature", 400, "signature does not match")


def test_an_unknown_key_id_is_refused_after_one_refresh(lms, browser_factory, caplog):
    unpublished = new_key()

    def tamper(claims, header):
        return claims, {**header, "kid": kid_of(unpublished)}, unpublished

    lms.tamper = tamper
    answer = browser_factory().launch(lms, "teacher", lms.add_link())

    refused(answer, caplog, "unknown-kid", 400, "a key the platform does not publish")


def test_a_wrong_issuer_is_refused(lms, browser_factory, caplog):
    tamper_claims(lms, iss="https://evil.example")

    answer = browser_factory().launch(lms, "teacher", lms.add_link())

    refused(answer, caplog, "iss", 403, "No platform is registered")


def test_the_issuer_of_another_registered_platform_is_refused(lms, lms_b, browser_factory, caplog):
    """Platform A cannot pass a launch off as platform B's, even with B's issuer and client id:
    the login it answers was started for A, and A's key does not verify for B."""
    tamper_claims(lms, iss=lms_b.issuer, aud=lms_b.client_id, azp=lms_b.client_id)

    answer = browser_factory().launch(lms, "teacher", lms.add_link())

    refused(answer, caplog, "iss", 403, "not the one that started this login")


def test_a_wrong_audience_is_refused(lms, browser_factory, caplog):
    tamper_claims(lms, aud=["another-tool"], azp=lms.client_id)

    answer = browser_factory().launch(lms, "teacher", lms.add_link())

    refused(answer, caplog, "aud", 400, "not addressed to this tool")


def test_several_audiences_without_an_authorized_party_are_refused(lms, browser_factory, caplog):
    def tamper(claims, header):
        claims["aud"] = [lms.client_id, "another-tool"]
        claims.pop("azp", None)
        return claims, header, lms.signing_key

    lms.tamper = tamper
    answer = browser_factory().launch(lms, "teacher", lms.add_link())

    refused(answer, caplog, "aud", 400, "no authorized party (azp)")


def test_several_audiences_with_this_tool_as_authorized_party_pass(lms, browser_factory):
    tamper_claims(lms, aud=["another-tool", lms.client_id], azp=lms.client_id)

    assert browser_factory().launch(lms, "teacher", lms.add_link()).status_code == 302


def test_an_expired_token_is_refused(lms, browser_factory, caplog, settings):
    now = int(time.time())
    tamper_claims(lms, iat=now - 600, exp=now - settings.LTI_LEEWAY_SECONDS - 5)

    answer = browser_factory().launch(lms, "teacher", lms.add_link())

    refused(answer, caplog, "expired", 400, "The launch has expired")


def test_a_token_just_past_expiry_is_accepted_within_the_leeway(lms, browser_factory, settings):
    now = int(time.time())
    tamper_claims(lms, iat=now - 300, exp=now - settings.LTI_LEEWAY_SECONDS + 15)

    assert browser_factory().launch(lms, "teacher", lms.add_link()).status_code == 302


def test_a_token_issued_in_the_future_is_refused(lms, browser_factory, caplog, settings):
    now = int(time.time())
    tamper_claims(lms, iat=now + settings.LTI_LEEWAY_SECONDS + 60, exp=now + 900)

    answer = browser_factory().launch(lms, "teacher", lms.add_link())

    refused(answer, caplog, "iat", 400, "issued in the future")


def test_a_replayed_launch_is_refused(lms, browser_factory, caplog):
    """The same id_token and state POSTed again — even with the state cookie kept — is refused:
    the nonce was consumed by the first launch."""
    browser = browser_factory()
    action, fields = browser.launch_form(lms, "teacher", lms.add_link())
    state_cookie = next(
        c for c in browser.session.cookies if c.name.startswith("retain-lti-state-")
    )
    assert browser.post(action, fields).status_code == 302
    browser.session.cookies.set_cookie(state_cookie)  # an attacker (or the back button) kept it
    courses = Course.objects.count()

    replay = browser.post(action, fields)

    assert replay.status_code == 400
    assert "This launch was already used" in page_text(replay)
    assert "LTI launch refused (replay)" in caplog.text
    assert Course.objects.count() == courses
    assert LtiLogin.objects.get(state=fields["state"]).used_at is not None


def test_an_id_token_replayed_into_a_new_login_is_refused(lms, browser_factory, caplog):
    """A captured id_token posted with a fresh state: its nonce is not the new login's."""
    browser = browser_factory()
    link = lms.add_link()
    _, old = browser.launch_form(lms, "teacher", link)
    action, new = browser.launch_form(lms, "teacher", link)

    answer = browser.post(action, {"id_token": old["id_token"], "state": new["state"]})

    refused(answer, caplog, "nonce", 400, "nonce is not the one Retain issued")


def test_an_unknown_deployment_is_refused(lms, browser_factory, caplog):
    tamper_claims(lms, **{DEPLOYMENT: "deployment-nobody-registered"})

    answer = browser_factory().launch(lms, "teacher", lms.add_link())

    refused(answer, caplog, "deployment", 403, "not enabled for this deployment")
    assert not LtiDeployment.objects.filter(deployment_id="deployment-nobody-registered").exists()


def test_an_inactive_deployment_is_refused_at_login(lms, browser_factory, caplog):
    LtiDeployment.objects.filter(deployment_id=lms.deployment_id).update(is_active=False)
    browser = browser_factory()

    answer = browser.get(
        browser.get(lms.url(f"launch/{lms.add_link()}/?user=teacher")).headers["Location"]
    )

    assert answer.status_code == 403
    assert "not enabled for this deployment" in page_text(answer)
    assert "LTI login refused (deployment)" in caplog.text


def test_a_launch_without_state_is_refused(lms, browser_factory, caplog):
    browser = browser_factory()
    action, fields = browser.launch_form(lms, "teacher", lms.add_link())

    answer = browser.post(action, {"id_token": fields["id_token"]})

    refused(answer, caplog, "state", 400, "The launch has no state")


def test_a_launch_from_another_browser_is_refused(lms, browser_factory, caplog):
    """The state's cookie is in the browser that started the login, not in the attacker's."""
    action, fields = browser_factory().launch_form(lms, "teacher", lms.add_link())

    answer = browser_factory().post(action, fields)

    refused(answer, caplog, "state", 400, "did not start in this browser")


def test_a_mismatched_state_is_refused(lms, browser_factory, caplog):
    browser = browser_factory()
    link = lms.add_link()
    action, first = browser.launch_form(lms, "teacher", link)
    _, second = browser.launch_form(lms, "teacher", link)

    answer = browser.post(action, {"id_token": first["id_token"], "state": second["state"] + "x"})

    refused(answer, caplog, "state", 400, "did not start in this browser")


def test_a_target_outside_retain_is_refused(lms, browser_factory, caplog):
    tamper_claims(lms, **{TARGET: "https://phish.example/lti/launch/"})

    answer = browser_factory().launch(lms, "teacher", lms.add_link())

    refused(answer, caplog, "target", 400, "is not on Retain")


def test_an_unsupported_message_type_is_refused(lms, browser_factory, caplog):
    tamper_claims(lms, **{MESSAGE_TYPE: "LtiSubmissionReviewRequest"})

    answer = browser_factory().launch(lms, "teacher", lms.add_link())

    refused(answer, caplog, "message", 400, "does not handle LtiSubmissionReviewRequest")


def test_a_wrong_lti_version_is_refused(lms, browser_factory, caplog):
    tamper_claims(lms, **{"https://purl.imsglobal.org/spec/lti/claim/version": "1.1"})

    answer = browser_factory().launch(lms, "teacher", lms.add_link())

    refused(answer, caplog, "message", 400, "Incorrect version")


def test_an_unsigned_token_is_refused(lms, browser_factory, caplog):
    browser = browser_factory()
    action, fields = browser.launch_form(lms, "teacher", lms.add_link())
    _header, body, _signature = fields["id_token"].split(".")
    import base64
    import json

    none_header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "kid": "x"}).encode()).rstrip(
        b"="
    )

    answer = browser.post(action, {**fields, "id_token": f"{none_header.decode()}.{body}."})

    refused(answer, caplog, "signature", 400, "must be signed with RS256")


def test_a_malformed_id_token_is_refused(lms, browser_factory, caplog):
    browser = browser_factory()
    action, fields = browser.launch_form(lms, "teacher", lms.add_link())

    answer = browser.post(action, {**fields, "id_token": "not-a-jwt"})

    refused(answer, caplog, "token", 400, "not a valid JWT")


def test_a_learner_cannot_open_the_activity_picker(lms, browser_factory, caplog):
    browser_factory().launch(lms, "teacher", lms.add_link())  # the course exists
    courses = Course.objects.count()

    answer = browser_factory().deep_link(lms, user="student")

    assert answer.status_code == 403
    assert "Only the course's instructors" in page_text(answer)
    assert "LTI launch refused (role)" in caplog.text
    assert Course.objects.count() == courses


def test_the_error_page_may_be_framed_by_registered_platforms_only(lms, browser_factory, sites):
    _, lms_origin = sites
    tamper_claims(lms, iss="https://evil.example")

    answer = browser_factory().launch(lms, "teacher", lms.add_link())

    policy = answer.headers["Content-Security-Policy"]
    assert f"frame-ancestors {lms_origin}" in policy
    assert "evil.example" not in policy
