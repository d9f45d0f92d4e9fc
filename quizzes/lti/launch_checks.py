"""Every check an LTI 1.3 launch must pass, on pylti1p3's ``MessageLaunch``.

pylti1p3 parses the id_token and checks the message (type, version, user, roles, resource link or
deep-linking settings); django-lti stores what the launch says. Neither does all a tool must, so
``RetainMessageLaunch.validate`` runs its own sequence, each step refusing with a named reason
(``LaunchRefused.code``):

=================  ==============================================================================
``state``          the POSTed ``state`` is one Retain issued at login *to this browser* (its
                   cookie came back), not expired, not used (``replay`` if it was)
``token``          the id_token is a well-formed JWT
``aud``            ``aud`` names one client, or ``azp`` says which of several (OpenID Connect)
``iss``            (issuer, client id) is a registered, active platform — the one this login
                   started with
``signature``      RS256, verified with the platform's published key (``unknown-kid`` when the
                   key id is not in its JWKS even after a refresh)
``expired``/``iat`` ``exp`` and ``iat`` within ``LTI_LEEWAY_SECONDS`` of Retain's clock
``deployment``     the deployment id is registered under this platform and active
``message``        LtiResourceLinkRequest or LtiDeepLinkingRequest, LTI 1.3.0, with its claims
``target``         ``target_link_uri`` is on Retain's own origin
``nonce``          the token's nonce is the one this login issued; the login is consumed now,
                   atomically, so the same id_token never launches twice
=================  ==============================================================================

pylti1p3 would instead skip the cookie when its cache remembers the state (a replay passes),
never consume a nonce, ignore ``aud``/``azp``, allow no clock skew, and let django-lti create any
deployment id it meets.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import jwt
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from lti_tool.models import LtiDeployment, LtiRegistration
from pylti1p3.contrib.django import DjangoMessageLaunch
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract

from quizzes.lti.connector import http
from quizzes.lti.errors import LaunchRefused
from quizzes.lti.platform_keys import platform_key
from quizzes.lti.services.keys import key_current
from quizzes.models import LtiLogin

log = logging.getLogger(__name__)

MESSAGE_TYPE = "https://purl.imsglobal.org/spec/lti/claim/message_type"
TARGET_LINK_URI = "https://purl.imsglobal.org/spec/lti/claim/target_link_uri"
DEPLOYMENT_ID = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
SUPPORTED_MESSAGES = ("LtiResourceLinkRequest", "LtiDeepLinkingRequest")
STATE_COOKIE_PREFIX = "retain-lti-state-"


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower-cased (default ports dropped)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or (scheme, port) in (("http", 80), ("https", 443)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def state_cookie_name(state: str) -> str:
    return STATE_COOKIE_PREFIX + state


class RetainToolConfig(ToolConfAbstract):
    """Registrations and deployments from django-lti's tables, keyed by (issuer, client id) —
    hosted Canvas signs every school's launches with one issuer — and never created on sight."""

    def __init__(self) -> None:
        super().__init__()
        self.registration: LtiRegistration | None = None
        self.deployment: LtiDeployment | None = None

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args: Any, **kwargs: Any) -> Registration:
        raise NotImplementedError("registrations are looked up by issuer and client id")

    def find_registration_by_params(  # type: ignore[override]  # pylti1p3's callers check for None
        self, iss: str, client_id: str | None, *args: Any, **kwargs: Any
    ) -> Registration | None:
        found = LtiRegistration.objects.active().filter(issuer=iss)
        if client_id:
            found = found.filter(client_id=client_id)
        candidates = list(found[:2])
        if len(candidates) != 1:  # none, or several for an issuer and no client id to choose
            return None
        self.registration = candidates[0]
        key_current()  # django-lti signs with the newest key and fails if there is none
        return self.registration.to_registration()

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        raise NotImplementedError("deployments are looked up by issuer and client id")

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str, *args: Any, **kwargs: Any
    ) -> Deployment | None:
        if self.registration is None:
            return None
        self.deployment = LtiDeployment.objects.filter(
            registration=self.registration, deployment_id=deployment_id
        ).first()
        if self.deployment is None:
            return None
        return Deployment().set_deployment_id(deployment_id)


class RetainMessageLaunch(DjangoMessageLaunch):
    """A launch POSTed to Retain, validated by ``validate`` (see the module docstring)."""

    def __init__(self, request: HttpRequest, tool_config: RetainToolConfig) -> None:
        super().__init__(request, tool_config, requests_session=http())
        self._django_request = request
        self.login: LtiLogin | None = None
        self.claims: dict[str, Any] = {}

    @property
    def retain_registration(self) -> LtiRegistration:
        registration = self._tool_config.registration
        if registration is None:
            raise RuntimeError("the launch's registration is known once validate() has run")
        return registration

    @property
    def retain_deployment(self) -> LtiDeployment:
        deployment = self._tool_config.deployment
        if deployment is None:
            raise RuntimeError("the launch's deployment is known once validate() has run")
        return deployment

    @property
    def retain_login(self) -> LtiLogin:
        if self.login is None:
            raise RuntimeError("the launch's login is known once its state is checked")
        return self.login

    def validate(self) -> RetainMessageLaunch:
        self._validated = True  # lets the library's claim readers read the body we set
        try:
            self._check_state()
            self._check_format()
            self._check_registration()
            self._check_signature()
            self._check_deployment()
            self._check_message()
            self._check_target()
            self._consume_nonce()
        except Exception:
            self._validated = False
            raise
        return self

    # --- the steps, in order

    def _check_state(self) -> None:
        state = self._get_request_param("state")
        if not state:
            raise LaunchRefused(
                "state", "The launch has no state. Launch Retain again from your course."
            )
        cookie = self._django_request.COOKIES.get(state_cookie_name(state))
        if cookie != state:
            raise LaunchRefused(
                "state",
                "This launch did not start in this browser (its login cookie is missing). "
                "Launch Retain again from your course; if it keeps failing inside the course "
                "page, your browser may block cookies in embedded pages — open Retain in a new "
                "window.",
            )
        login = LtiLogin.objects.filter(state=state).select_related("registration").first()
        ttl = timedelta(seconds=settings.LTI_LOGIN_TTL_SECONDS)
        if login is None or login.created_at < timezone.now() - ttl:
            raise LaunchRefused(
                "state",
                "This launch took too long to arrive. Launch Retain again from your course.",
            )
        if login.used_at is not None:
            raise LaunchRefused(
                "replay",
                "This launch was already used. Launch Retain again from your course.",
            )
        self.login = login

    def _check_format(self) -> None:
        try:
            self.validate_jwt_format()
        except LtiException as error:
            raise LaunchRefused(
                "token", f"The launch's id_token is not a valid JWT ({error})."
            ) from error
        self.claims = dict(self._jwt.get("body") or {})

    def _client_id(self) -> str:
        aud = self.claims.get("aud")
        audiences = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
        azp = self.claims.get("azp")
        if azp:
            return str(azp)
        if len(audiences) == 1:
            return str(audiences[0])
        raise LaunchRefused(
            "aud",
            "The id_token names several audiences (aud) but no authorized party (azp), so it "
            "cannot tell which client it is for.",
        )

    def _check_registration(self) -> None:
        issuer = str(self.claims.get("iss") or "")
        client_id = self._client_id()
        self._tool_config.registration = None
        self._registration = self._tool_config.find_registration_by_params(issuer, client_id)
        registration = self._tool_config.registration
        if registration is None or registration.pk != self.retain_login.registration_id:
            raise LaunchRefused(
                "iss",
                f"No platform is registered in Retain with issuer {issuer!r} and client id "
                f"{client_id!r}, or it is not the one that started this login.",
                status_code=403,
            )

    def _check_signature(self) -> None:
        header = self._jwt.get("header") or {}
        if header.get("alg") != "RS256":
            raise LaunchRefused("signature", "The launch must be signed with RS256.")
        kid = header.get("kid")
        if not kid:
            raise LaunchRefused("signature", "The launch's signature names no key (kid).")
        registration = self.retain_registration
        key = platform_key(registration, str(kid))
        client_id = self._client_id()
        try:
            jwt.decode(
                self._get_id_token(),
                key,
                algorithms=["RS256"],
                audience=client_id,
                issuer=registration.issuer,
                leeway=settings.LTI_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise LaunchRefused(
                "expired", "The launch has expired. Launch Retain again from your course."
            ) from error
        except jwt.ImmatureSignatureError as error:
            raise LaunchRefused(
                "iat",
                "The launch says it was issued in the future: the platform's clock and "
                "Retain's disagree.",
            ) from error
        except jwt.InvalidAudienceError as error:
            raise LaunchRefused(
                "aud", f"The launch is not addressed to this tool (client id {client_id!r})."
            ) from error
        except jwt.InvalidIssuerError as error:
            raise LaunchRefused("iss", "The launch's issuer is not this platform's.") from error
        except jwt.InvalidSignatureError as error:
            raise LaunchRefused(
                "signature", "The launch's signature does not match the platform's key."
            ) from error
        except jwt.InvalidTokenError as error:
            raise LaunchRefused("token", f"The launch's id_token is invalid: {error}.") from error
        azp = self.claims.get("azp")
        if azp is not None and azp != client_id:
            raise LaunchRefused("aud", "The launch's authorized party (azp) is not this tool.")

    def _check_deployment(self) -> None:
        deployment_id = self.claims.get(DEPLOYMENT_ID)
        if not deployment_id:
            raise LaunchRefused("deployment", "The launch names no deployment.")
        self._tool_config.find_deployment_by_params(
            self.retain_registration.issuer, str(deployment_id), self.retain_registration.client_id
        )
        deployment = self._tool_config.deployment
        if deployment is None or not deployment.is_active:
            raise LaunchRefused(
                "deployment",
                f"Retain is not enabled for this deployment (id {deployment_id!r}) of "
                f"“{self.retain_registration.name}”. An administrator can add it on Retain's "
                "LMS platforms page.",
                status_code=403,
            )

    def _check_message(self) -> None:
        message_type = self.claims.get(MESSAGE_TYPE)
        if message_type not in SUPPORTED_MESSAGES:
            raise LaunchRefused(
                "message", f"Retain does not handle {message_type or 'this kind of'} launches."
            )
        try:
            self.validate_message()
        except LtiException as error:
            raise LaunchRefused("message", f"The launch is incomplete: {error}.") from error

    def _check_target(self) -> None:
        target = str(self.claims.get(TARGET_LINK_URI) or "")
        ours = origin(self._django_request.build_absolute_uri("/"))
        if not target or origin(target) != ours:
            raise LaunchRefused(
                "target",
                f"The launch's target ({target or 'none'}) is not on Retain ({ours}).",
            )

    def _consume_nonce(self) -> None:
        login = self.retain_login
        nonce = self.claims.get("nonce")
        if nonce != login.nonce:
            raise LaunchRefused(
                "nonce", "The launch's nonce is not the one Retain issued for this login."
            )
        used = LtiLogin.objects.filter(pk=login.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if used != 1:  # another request consumed it first (a double submit, a replay)
            raise LaunchRefused("replay", "This launch was already used. Launch Retain again.")

    # --- what the rest of the launch reads

    @property
    def message_type(self) -> str:
        return str(self.claims.get(MESSAGE_TYPE))
