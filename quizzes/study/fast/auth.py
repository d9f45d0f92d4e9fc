"""Token authentication for the study hot paths (next cards, review POST) in one plain query.

Same contract as DRF's ``TokenAuthentication`` ("Authorization: Token <key>", 401 with
``WWW-Authenticate`` for a bad or inactive one); only the lookup skips the ORM's query building,
which cost as much as the rest of a review POST (bench/study.py). The token is the API's
(``quizzes.accounts.tokens``): looked up by its digest, refused once it has expired.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import connection
from drf_spectacular.authentication import TokenScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication

from quizzes.accounts.tokens import token_digest
from quizzes.models import ApiToken
from quizzes.study.fast.sql import columns, table

_USER = get_user_model()
_COLUMNS = columns("u", _USER)  # every field, loaded as the ORM would (booleans, dates)
_LOOKUP = (
    f"SELECT {_COLUMNS.sql} "  # noqa: S608
    f"FROM {table(ApiToken)} t JOIN {table(_USER)} u ON u.id = t.user_id "
    # Named parameters: Django's SQLite cursor formats them, no regex.
    "WHERE t.digest = %(digest)s AND (t.expires_at IS NULL OR t.expires_at > %(now)s)"
)


def _now() -> str | datetime:
    """Now, as the driver compares it with ``expires_at``: SQLite holds Django's naive UTC text
    (what ``adapt_datetimefield_value`` makes, at a tenth of its cost), PostgreSQL a datetime."""
    now = datetime.now(UTC)
    return str(now.replace(tzinfo=None)) if connection.vendor == "sqlite" else now


class LeanTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        with connection.cursor() as cursor:
            cursor.execute(_LOOKUP, {"digest": token_digest(key), "now": _now()})
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        user = _USER.from_db(connection.alias, _COLUMNS.names, _COLUMNS.load(row))
        if not user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        return user, key


# The project's order: a token first (a bad one is 401, not 403), then the browser's session.
STUDY_AUTHENTICATION = [LeanTokenAuthentication, SessionAuthentication]


class LeanTokenScheme(TokenScheme):
    """The OpenAPI description: the same "Authorization: Token <key>" header as DRF's."""

    target_class = "quizzes.study.fast.auth.LeanTokenAuthentication"
    name = "studyTokenAuth"
    priority = 1  # before DRF's own scheme, which also matches subclasses
