"""``Authorization: Token <key>`` for the API, against ``ApiToken`` (hashed, expiring, revocable).

DRF's ``TokenAuthentication`` parses the header (and answers a malformed one with 401); only the
lookup is ours. ``request.auth`` is the ``ApiToken``. The study hot paths use the same table in one
plain query (``quizzes.study.fast.auth``).
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from quizzes.accounts.tokens import token_for_key


class ApiTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        return token.user, token
