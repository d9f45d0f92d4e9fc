"""Request types for views that only a signed-in user reaches (``login_required``, or an API
view behind ``IsAuthenticated``): there ``request.user`` is a ``User``, which is what services
and selectors take. Types only — at run time they are Django's and DRF's own classes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.http import HttpRequest
from rest_framework.request import Request


class AuthedRequest(HttpRequest):
    user: User


if TYPE_CHECKING:

    class AuthedAPIRequest(Request):
        @property
        def user(self) -> User: ...

        @user.setter
        def user(self, value: User) -> None: ...

else:
    AuthedAPIRequest = Request
