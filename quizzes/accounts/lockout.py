"""The login lockout: failed sign-ins counted per account and per client, each with its own limit,
in the shared cache, with a cool-off (never a permanent lock).

django-axes runs it: its authentication backend (first in ``AUTHENTICATION_BACKENDS``) asks
``is_locked`` before any password is checked, Django's ``user_login_failed`` signal reaches
``user_login_failed`` here, and its middleware turns a locked-out page request into
``lockout_response``. This class is the axes *handler* (``AXES_HANDLER``), the extension point
axes documents; it replaces axes' single limit with two:

* an **account** (the username typed, existing or not) may fail ``LOGIN_FAILURES_PER_ACCOUNT``
  times — a guesser spread over many addresses stops there;
* a **client** (address, ``core.clients``) may fail ``LOGIN_FAILURES_PER_CLIENT`` times — one
  guesser trying many accounts stops there, while a class behind one school NAT, where a few
  students mistype, does not.

Either limit blocks until ``LOGIN_COOLOFF_MINUTES`` pass without a counted failure. A sign-in
refused during the cool-off checks no password and is not counted, so a cool-off cannot be
stretched by hammering it. A successful sign-in clears its account's count (only someone who
knows the password can do that); never the client's, or one valid account would reset a
guesser's allowance.

What is logged on a failed sign-in (logger ``quizzes.accounts.lockout``, WARNING): the username as
typed (at most 64 characters, ``repr``-escaped so it cannot forge log lines), the client address,
the path, and both counts. Never the password, nor anything else from the form.
"""

from __future__ import annotations

import logging
from typing import Any

from axes.handlers.base import AbstractAxesHandler, AxesBaseHandler
from axes.helpers import get_client_username
from axes.signals import user_locked_out
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from quizzes.core.clients import client_address
from quizzes.core.counters import FailureLimit

logger = logging.getLogger(__name__)


def account_limit() -> FailureLimit:
    return FailureLimit(
        "login-account", settings.LOGIN_FAILURES_PER_ACCOUNT, settings.LOGIN_COOLOFF_MINUTES * 60
    )


def client_limit() -> FailureLimit:
    return FailureLimit(
        "login-client", settings.LOGIN_FAILURES_PER_CLIENT, settings.LOGIN_COOLOFF_MINUTES * 60
    )


def lockout_message() -> str:
    minutes = settings.LOGIN_COOLOFF_MINUTES
    return (
        "Too many failed sign-ins for this account or from your network. For your security, "
        f"signing in is paused: try again in {minutes} minutes. (Your password was not checked.)"
    )


def _who(request: Any, credentials: dict | None) -> tuple[str, str]:
    username = get_client_username(request, credentials) or ""
    client = getattr(request, "axes_ip_address", None) or client_address(request)
    return str(username), client


def login_retry_after(request: Any, credentials: dict | None = None) -> int | None:
    """Seconds until this account and client may try to sign in again; None if they may now."""
    username, client = _who(request, credentials)
    waits = [
        wait
        for limit, ident in ((account_limit(), username), (client_limit(), client))
        if ident and (wait := limit.retry_after(ident)) is not None
    ]
    return max(waits, default=None)


class LoginLockoutHandler(AbstractAxesHandler, AxesBaseHandler):
    def is_locked(self, request: Any, credentials: dict | None = None) -> bool:
        return login_retry_after(request, credentials) is not None

    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        username, client = _who(request, credentials)
        return max(account_limit().count(username), client_limit().count(client))

    def user_login_failed(
        self, sender: Any, credentials: dict, request: Any = None, **kwargs: Any
    ) -> None:
        if request is None:  # authenticate() called outside a request (a shell): nothing to count
            return
        username, client = _who(request, credentials)
        path = getattr(request, "axes_path_info", "")
        if getattr(request, "axes_locked_out", False):
            logger.info(
                "Sign-in refused during the cool-off: username=%r client=%s path=%s",
                username[:64],
                client,
                path,
            )
            return
        accounts, clients = account_limit(), client_limit()
        by_account = accounts.record(username) if username else 0
        by_client = clients.record(client)
        logger.warning(
            "Failed sign-in: username=%r client=%s path=%s account failures=%d/%d "
            "client failures=%d/%d",
            username[:64],
            client,
            path,
            by_account,
            accounts.limit,
            by_client,
            clients.limit,
        )
        if by_account >= accounts.limit or by_client >= clients.limit:
            logger.warning(
                "Sign-in locked for %d minutes: username=%r client=%s (%s limit reached)",
                settings.LOGIN_COOLOFF_MINUTES,
                username[:64],
                client,
                "account" if by_account >= accounts.limit else "client",
            )
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request, username=username, ip_address=client)

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        account_limit().reset(user.get_username())

    def user_logged_out(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        return None

    def reset_attempts(
        self,
        *,
        ip_address: str | None = None,
        username: str | None = None,
        ip_or_username: bool = False,
    ) -> int:
        """What ``manage.py axes_reset_username`` / ``axes_reset_ip`` call: lift a lockout."""
        cleared = 0
        if username:
            account_limit().reset(username)
            cleared += 1
        if ip_address:
            client_limit().reset(ip_address)
            cleared += 1
        return cleared


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What a locked-out sign-in gets: the API a 429 in its error format, a page the login form
    again with the message, status 429. Both carry ``Retry-After``."""
    wait = login_retry_after(request, credentials) or settings.LOGIN_COOLOFF_MINUTES * 60
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": lockout_message()}, status=429)
    else:
        from django.contrib.auth.forms import AuthenticationForm

        # Unbound: binding it would run authenticate() again. The username stays typed in.
        form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
        response = render(
            request,
            "registration/login.html",
            {"form": form, "lockout": lockout_message(), "next": request.POST.get("next", "")},
            status=429,
        )
    response["Retry-After"] = str(wait)
    return response
