"""Talking to a platform's services (token endpoint, AGS, NRPS) through pylti1p3.

pylti1p3's ``ServiceConnector`` makes the service requests (AGS, NRPS); getting the access token
is done here, the way the library does it — a client-credentials grant with a JWT assertion
(RFC 7523, IMS Security Framework: iss = sub = the client id, aud = the token URL or the
registration's audience, valid 60 s, a unique jti) signed with Retain's newest key — plus:

* the token is kept in Django's cache until a minute before it expires (the library keeps it on
  one connector object, i.e. for one request; the default local-memory cache keeps it per
  process, a shared cache backend for every process);
* every HTTP call has a timeout (the library's have none: a platform that hangs would hold a
  worker forever), and a token the platform no longer accepts (401) is dropped and fetched again
  once.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Sequence
from typing import Any

import requests
from django.core.cache import cache
from lti_tool.models import LtiRegistration
from pylti1p3.exception import LtiServiceException
from pylti1p3.service_connector import ServiceConnector, TServiceConnectorResponse

from quizzes.lti.errors import PlatformUnavailable

log = logging.getLogger(__name__)

HTTP_TIMEOUT = 10  # seconds, connect and read
TOKEN_MARGIN = 60  # seconds: a cached token is dropped this long before it expires
USER_AGENT = "Retain-LTI/1.0"


class TimeoutSession(requests.Session):
    """A requests session whose calls time out unless told otherwise."""

    def __init__(self) -> None:
        super().__init__()
        self.headers["User-Agent"] = USER_AGENT

    def request(self, method: str, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", HTTP_TIMEOUT)
        return super().request(method, url, *args, **kwargs)


def http() -> requests.Session:
    return TimeoutSession()


def _token_key(registration_pk: int, scopes: Sequence[str]) -> str:
    digest = hashlib.sha256(" ".join(sorted(scopes)).encode()).hexdigest()[:32]
    return f"retain-lti-token:{registration_pk}:{digest}"


class CachedTokenConnector(ServiceConnector):
    """pylti1p3's connector with access tokens cached until expiry (see the module docstring)."""

    def __init__(self, registration: LtiRegistration) -> None:
        from quizzes.lti.services.keys import key_current

        key_current()
        super().__init__(registration.to_registration(), http())
        self._registration_pk = registration.pk

    def get_access_token(self, scopes: Sequence[str]) -> str:
        key = _token_key(self._registration_pk, scopes)
        token = cache.get(key)
        if token:
            return str(token)
        token, expires_in = self._request_token(scopes)
        if expires_in > TOKEN_MARGIN:
            cache.set(key, token, timeout=expires_in - TOKEN_MARGIN)
        return token

    def _request_token(self, scopes: Sequence[str]) -> tuple[str, int]:
        """Exchange a signed client assertion for an access token: ``(token, expires_in)``."""
        registration = self._registration
        client_id = registration.get_client_id()
        token_url = registration.get_auth_token_url()
        audience = registration.get_auth_audience() or token_url
        now = int(time.time())
        assertion = self.encode_jwt(
            {
                "iss": str(client_id),
                "sub": str(client_id),
                "aud": str(audience),
                "iat": now - 5,
                "exp": now + 60,
                "jti": f"retain-{uuid.uuid4()}",
            },
            registration.get_tool_private_key() or "",
            {"kid": registration.get_kid() or ""},
        )
        try:
            response = self._requests_session.post(
                str(token_url),
                data={
                    "grant_type": "client_credentials",
                    "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    "client_assertion": assertion,
                    "scope": " ".join(scopes),
                },
                headers={"Accept": "application/json"},
            )
        except requests.RequestException as error:
            raise PlatformUnavailable(
                f"The platform's token endpoint is unreachable: {error}"
            ) from error
        if not response.ok:
            raise PlatformUnavailable(
                f"The platform's token endpoint answered {response.status_code}: "
                f"{response.text[:300]}",
                retry=response.status_code >= 500 or response.status_code == 429,
            )
        try:
            body = response.json()
            token = str(body["access_token"])
            expires_in = int(body.get("expires_in", 3600))
        except (ValueError, KeyError, TypeError) as error:
            raise PlatformUnavailable(
                "The platform's token endpoint sent no access token.", retry=False
            ) from error
        return token, expires_in

    def make_service_request(
        self,
        scopes: Sequence[str],
        url: str,
        is_post: bool = False,
        data: str | None = None,
        content_type: str = "application/json",
        accept: str = "application/json",
        case_insensitive_headers: bool = False,
    ) -> TServiceConnectorResponse:
        """The library's request, with transport errors and refusals as ``PlatformUnavailable``
        and one retry with a fresh token when the cached one is refused."""
        for attempt in (1, 2):
            try:
                return super().make_service_request(
                    scopes,
                    url,
                    is_post=is_post,
                    data=data,
                    content_type=content_type,
                    accept=accept,
                    case_insensitive_headers=case_insensitive_headers,
                )
            except LtiServiceException as error:
                response = error.response
                status = response.status_code
                if status == 401 and attempt == 1:
                    cache.delete(_token_key(self._registration_pk, scopes))
                    continue
                body = response.text[:300]
                raise PlatformUnavailable(
                    f"The platform answered {status} at {url}: {body}",
                    retry=status >= 500 or status in (401, 408, 429),
                ) from error
            except requests.RequestException as error:
                raise PlatformUnavailable(
                    f"The platform is unreachable at {url}: {error}"
                ) from error
        raise AssertionError("unreachable")
