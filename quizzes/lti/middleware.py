"""Retain inside an LMS's iframe, and only there.

Retain's pages forbid framing (CSP ``frame-ancestors 'none'``, ``X-Frame-Options: DENY``) and set
their cookies ``SameSite=Lax``. A session started by an LTI launch is different: the LMS shows
Retain in an iframe on its own site, where Retain is a third party. Browsers now block
third-party cookies or partition them (Chromium keeps only ``Partitioned`` ones in an iframe,
Firefox partitions all), so the LTI session's cookies are ``SameSite=None; Secure; Partitioned``
(CHIPS): kept per top-level site, they live in the LMS's partition and never meet Retain's own
first-party session. For such a session — and for the launch's own responses — this middleware:

* sets ``frame-ancestors`` to the launching platform's origins (``LaunchOutcome.frame_origins``,
  never a wildcard) and drops ``X-Frame-Options`` (CSP supersedes it in every current browser);
* re-issues the session, CSRF and messages cookies ``SameSite=None; Secure; Partitioned``.

Every other session keeps the site's defaults. It sits near the top of MIDDLEWARE so that it sees
the cookies and the CSP header after the middlewares that set them.
"""

from __future__ import annotations

from collections.abc import Callable
from http.cookies import Morsel
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.utils.csp import build_policy

SESSION_KEY = "retain_lti"


def lti_frame_origins(request: HttpRequest) -> list[str] | None:
    """The origins allowed to frame this response, or None for the site's default."""
    origins = getattr(request, "lti_frame_origins", None)
    if origins is not None:
        return list(origins)
    session = getattr(request, "session", None)
    if session is None:
        return None
    lti = session.get(SESSION_KEY)
    if not lti:
        return None
    return list(lti.get("frame_origins") or [])


class LtiFrameMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        origins = lti_frame_origins(request)
        if origins is None:
            return response
        self._open_frame(request, response, origins)
        self._cross_site_cookies(response)
        return response

    @staticmethod
    def _open_frame(request: HttpRequest, response: HttpResponse, origins: list[str]) -> None:
        config = getattr(response, "_csp_config", None) or settings.SECURE_CSP
        if not config:
            return
        policy = dict(config)
        policy["frame-ancestors"] = origins or ["'none'"]
        response.headers["Content-Security-Policy"] = build_policy(policy, get_nonce(request))
        if "X-Frame-Options" in response.headers:
            del response.headers["X-Frame-Options"]

    @staticmethod
    def _cross_site_cookies(response: HttpResponse) -> None:
        for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"):
            cross_site(response, name)


class PartitionedMorsel(Morsel):
    """A cookie with the ``Partitioned`` attribute (CHIPS), which Python's cookies (before 3.14)
    and Django cannot write."""

    def OutputString(self, attrs: Any = None) -> str:
        return super().OutputString(attrs) + "; Partitioned"


def cross_site(response: HttpResponse, name: str) -> None:
    """Make the cookie ``name`` set (or deleted) by ``response`` an iframe's cookie:
    ``SameSite=None; Secure; Partitioned``."""
    cookie = response.cookies.get(name)
    if cookie is None:
        return
    partitioned = PartitionedMorsel()
    partitioned.set(cookie.key, cookie.value, cookie.coded_value)
    partitioned.update(dict(cookie))
    partitioned["samesite"] = "None"
    partitioned["secure"] = True
    response.cookies[name] = partitioned
