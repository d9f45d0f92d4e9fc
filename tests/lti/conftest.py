"""Fixtures for the LMS integration: real LTI platforms (``tests.lti.lti_platform``) served beside
Retain by the live server, registered in Retain, and a browser-like HTTP client.

Retain is reached as ``localhost``, the platforms as ``127.0.0.1`` (same live server): the client
keeps one cookie jar per host, so a cookie Retain sets never reaches the LMS and vice versa.
"""

from __future__ import annotations

import html
import http.cookiejar
import re
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.core.cache import cache

from quizzes.lti.services.platforms import platform_register
from tests.lti import lti_platform as lms_platform


@pytest.fixture(autouse=True)
def lti_settings(settings, request):
    """Platforms on plain http (loopback) are allowed; no cached keys or tokens from another
    test. (The cache lives in the database by default: tests without one have nothing cached.)"""
    settings.LTI_ALLOW_HTTP = True
    names = set(request.fixturenames)
    uses_db = bool(request.node.get_closest_marker("django_db") or {"db"} & names)
    if {"transactional_db", "live_server"} & names:
        request.getfixturevalue("transactional_db")
        uses_db = True
    elif uses_db:
        request.getfixturevalue("db")
    if uses_db:
        cache.clear()
    yield
    if uses_db:
        cache.clear()


class LocalhostCookies(http.cookiejar.DefaultCookiePolicy):
    """Browsers treat http://localhost as a secure context: they keep and send ``Secure``
    cookies there. Python's cookie jar does not; this policy does as browsers do."""

    def return_ok_secure(self, cookie, request):
        return True


def cookie_header(jar: http.cookiejar.CookieJar, url: str) -> str | None:
    """The Cookie header a browser would send to ``url`` (requests copies the jar into one with
    the default policy before sending, which drops Secure cookies on http)."""
    probe = urllib.request.Request(url)  # noqa: S310 - a probe for the jar, never opened
    jar.add_cookie_header(probe)
    return probe.get_header("Cookie")


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append((attributes.get("action") or "", {}))
        if tag == "input" and attributes.get("name") and self.forms:
            self.forms[-1][1][attributes["name"]] = attributes.get("value") or ""


def form_of(page: str) -> tuple[str, dict[str, str]]:
    """The page's main form (the last one: the site's header holds the logout form)."""
    parser = FormParser()
    parser.feed(page)
    return parser.forms[-1] if parser.forms else ("", {})


class Browser:
    """A requests session that walks LTI flows the way a browser does (redirects followed by
    hand, auto-submitted forms posted)."""

    def __init__(self) -> None:
        self.session = requests.Session()
        self.session.cookies.set_policy(LocalhostCookies())
        self.history: list[requests.Response] = []

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        cookies = cookie_header(self.session.cookies, url)
        if cookies:
            headers["Cookie"] = cookies
        response = self.session.request(
            method, url, headers=headers, allow_redirects=False, timeout=20, **kwargs
        )
        self.history.append(response)
        return response

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, data=None, **kwargs) -> requests.Response:
        return self.request("POST", url, data=data, **kwargs)

    def follow(self, response: requests.Response) -> requests.Response:
        while response.status_code in (301, 302, 303):
            response = self.get(urljoin(response.url, response.headers["Location"]))
        return response

    def login_and_auth(self, start_url: str) -> requests.Response:
        """From the LMS's launch link to the platform's auto-posted launch form (not posted)."""
        to_tool = self.get(start_url)
        assert to_tool.status_code == 302, to_tool.text[:500]
        to_platform = self.get(to_tool.headers["Location"])
        assert to_platform.status_code == 302, to_platform.text[:500]
        form = self.get(to_platform.headers["Location"])
        assert form.status_code == 200, form.text[:500]
        return form

    def launch_form(self, lms, user: str, link: str) -> tuple[str, dict[str, str]]:
        return form_of(self.login_and_auth(lms.url(f"launch/{link}/?user={user}")).text)

    def launch(self, lms, user: str, link: str) -> requests.Response:
        """Launch ``link`` as ``user``; returns Retain's answer to the launch POST."""
        action, fields = self.launch_form(lms, user, link)
        return self.post(action, fields)

    def deep_link(self, lms, user: str = "teacher", context: str = "bio-101") -> requests.Response:
        action, fields = form_of(
            self.login_and_auth(lms.url(f"deep-link/{context}/?user={user}")).text
        )
        return self.post(action, fields)

    def csrf(self, host_url: str) -> str:
        host = urlsplit(host_url).hostname
        for cookie in self.session.cookies:
            if cookie.name == "csrftoken" and host and host in cookie.domain:
                return cookie.value
        raise AssertionError("no CSRF cookie")


@pytest.fixture
def browser_factory():
    return Browser


@pytest.fixture
def sites(live_server):
    """``(retain, lms)`` origins: the same live server under two host names."""
    port = urlsplit(live_server.url).port
    return f"http://localhost:{port}", f"http://127.0.0.1:{port}"


def make_lms(name: str, sites) -> lms_platform.Lms:
    retain, lms_origin = sites
    lms = lms_platform.Lms(name, origin=lms_origin, tool_origin=retain)
    lms_platform.LMS[name] = lms
    return lms


def register(lms: lms_platform.Lms):
    return platform_register(
        name=f"LMS {lms.name}",
        issuer=lms.issuer,
        client_id=lms.client_id,
        auth_url=lms.url("auth"),
        token_url=lms.url("token"),
        keyset_url=lms.url("jwks"),
        deployment_ids=[lms.deployment_id],
    )


@pytest.fixture
def lms(sites, transactional_db):
    """Platform "a", registered in Retain with its deployment active."""
    platform = make_lms("a", sites)
    platform.retain = register(platform)
    yield platform
    lms_platform.LMS.pop("a", None)


@pytest.fixture
def lms_b(sites, transactional_db):
    platform = make_lms("b", sites)
    platform.retain = register(platform)
    yield platform
    lms_platform.LMS.pop("b", None)


def page_text(response: requests.Response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text)))


@pytest.fixture(scope="session")
def ralph(tmp_path_factory):
    """Ralph's LRS, running on loopback for the whole session (``tests.lti.lrs``)."""
    from tests.lti import lrs

    reason = lrs.ensure_venv()
    if reason:
        pytest.skip(reason)
    server = lrs.RalphLrs(tmp_path_factory.mktemp("ralph"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def lrs(ralph):
    """The running LRS (started again if a test stopped it)."""
    if ralph.process is None:
        ralph.start()
    return ralph
