"""API tokens: make, list and revoke them (writes and reads of ``ApiToken`` live here).

A user may hold several tokens (a phone, a script), each with a name; ``POST /api/v1/auth/token/``
makes a new one every time. Each expires ``API_TOKEN_LIFETIME_DAYS`` after it is made (0: never).
Changing the password revokes them all (``quizzes.accounts.signals``): whoever knew the old
password may have made one. Logging out of the web does not: a token is a credential the user
gave to another program, listed on their account page, and revoked there or through the API.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from quizzes.errors import AccountError, NotFound
from quizzes.models import ApiToken, TokenOrigin

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import User

KEY_PREFIX = "rtk_"  # recognisable by secret scanners and by people
MAX_TOKENS_PER_USER = 50  # live tokens; expired ones are cleared before counting


def token_digest(key: str) -> str:
    """The stored form of a key: its SHA-256, hex (a key is 256 random bits)."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def token_lifetime() -> timedelta | None:
    days = settings.API_TOKEN_LIFETIME_DAYS
    return timedelta(days=days) if days else None


def live(tokens: QuerySet[ApiToken], now: datetime | None = None) -> QuerySet[ApiToken]:
    """The tokens of ``tokens`` that have not expired."""
    now = now or timezone.now()
    return tokens.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


@transaction.atomic
def token_create(*, user: User, origin: str, name: str = "") -> tuple[ApiToken, str]:
    """Make a token for ``user``: ``(token, key)``. The key is returned here and never again.

    Expired tokens of the user are deleted first. Raises ``AccountError`` when the user already
    holds ``MAX_TOKENS_PER_USER`` live tokens (revoke some on the account page).
    """
    if origin not in TokenOrigin.values:
        raise ValueError(f"Unknown token origin {origin!r}")
    now = timezone.now()
    mine = ApiToken.objects.filter(user=user)
    mine.filter(expires_at__lte=now).delete()
    if mine.count() >= MAX_TOKENS_PER_USER:
        raise AccountError(
            f"You already have {MAX_TOKENS_PER_USER} API tokens: revoke the ones you no longer "
            "use on your account page, then try again.",
            field="name",
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    lifetime = token_lifetime()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        digest=token_digest(key),
        prefix=key[:10],
        origin=origin,
        expires_at=now + lifetime if lifetime else None,
    )
    return token, key


def tokens_for(user: User) -> QuerySet[ApiToken]:
    """The user's tokens that still work, newest first."""
    return live(ApiToken.objects.filter(user=user))


def token_for_key(key: str, now: datetime | None = None) -> ApiToken | None:
    """The live token with this key (and its user), or None."""
    return (
        live(ApiToken.objects.select_related("user"), now).filter(digest=token_digest(key)).first()
    )


def token_revoke(*, user: User, token_id: int) -> None:
    """Revoke one of ``user``'s tokens; ``NotFound`` for any other id."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise NotFound("No such token among yours.")


def tokens_revoke_all(*, user: User) -> int:
    """Revoke every token of ``user``; how many there were."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted
