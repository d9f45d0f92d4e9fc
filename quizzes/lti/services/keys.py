"""Retain's own signing keys (django-lti's ``Key``), published at the JWKS URL.

The newest active key signs everything Retain sends a platform (client assertions for access
tokens, deep-linking responses). Rotating makes a new key the signer at once; each older key
stays in the JWKS until ``retire_after`` has passed since a newer key replaced it, so a platform
holding a token or a cached key set from before the rotation still verifies it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from lti_tool.models import Key

RETIRE_AFTER = timedelta(days=7)


def key_current() -> Key:
    """The key Retain signs with (the newest active one), made on first use."""
    key = Key.objects.active().order_by("-datetime_created", "-pk").first()
    if key is None:
        key = Key.objects.generate()
    return key


def jwks() -> dict[str, Any]:
    """Retain's public keys as a JWKS (every active key, the signer first)."""
    key_current()
    keys = Key.objects.active().order_by("-datetime_created", "-pk")
    return {"keys": [key.as_jwk() for key in keys]}


@dataclass(frozen=True)
class Rotation:
    new_kid: str
    retired_kids: list[str]


@transaction.atomic
def keys_rotate(*, retire_after: timedelta = RETIRE_AFTER, now: datetime | None = None) -> Rotation:
    """Make a new signing key and retire the keys replaced more than ``retire_after`` ago."""
    now = now or timezone.now()
    new = Key.objects.create_from_jwk(_generated())
    Key.objects.filter(pk=new.pk).update(datetime_created=now)
    return Rotation(new_kid=str(new), retired_kids=keys_retire(retire_after=retire_after, now=now))


def keys_retire(
    *, retire_after: timedelta = RETIRE_AFTER, now: datetime | None = None
) -> list[str]:
    """Drop from the JWKS each key whose successor was made more than ``retire_after`` ago."""
    now = now or timezone.now()
    keys = list(Key.objects.active().order_by("datetime_created", "pk"))
    retired = []
    for older, newer in itertools.pairwise(keys):
        if newer.datetime_created <= now - retire_after:
            retired.append(older)
    if retired:
        Key.objects.filter(pk__in=[key.pk for key in retired]).update(is_active=False)
    return [str(key) for key in retired]


def _generated() -> Any:
    from jwcrypto.jwk import JWK

    return JWK.generate(kty="RSA", size=2048)
