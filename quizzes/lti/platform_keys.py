"""A platform's public keys (its JWKS), cached and refreshed when a token names an unknown key.

The key set is cached for ``JWKS_TTL`` seconds in Django's cache (per process with the default
local-memory cache, shared with a shared backend). A
launch signed with a key the cached set lacks (the platform rotated its keys) fetches the set
again — at most once every ``REFRESH_EVERY`` seconds per platform, so tokens with made-up key ids
cannot make Retain hammer the platform.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.core.cache import cache
from lti_tool.models import LtiRegistration

from quizzes.lti.connector import http
from quizzes.lti.errors import LaunchRefused

log = logging.getLogger(__name__)

JWKS_TTL = 3600
REFRESH_EVERY = 10


def _cache_key(registration: LtiRegistration) -> str:
    return f"retain-lti-jwks:{registration.pk}:{registration.keyset_url}"


def fetch_key_set(registration: LtiRegistration) -> dict[str, Any]:
    """Read the platform's JWKS from its keyset URL and cache it."""
    url = registration.keyset_url
    try:
        response = http().get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        key_set = response.json()
    except (requests.RequestException, ValueError) as error:
        log.warning("LTI: could not read the JWKS of %s at %s: %s", registration, url, error)
        raise LaunchRefused(
            "jwks",
            f"Retain could not read the platform's public keys at {url}. "
            "Try again in a minute; if it persists, ask your administrator to check the "
            "registration's JWKS URL.",
        ) from error
    if not isinstance(key_set, dict) or not isinstance(key_set.get("keys"), list):
        raise LaunchRefused("jwks", f"The platform's key set at {url} is not a JWKS.")
    cache.set(_cache_key(registration), key_set, timeout=JWKS_TTL)
    return key_set


def _find(key_set: dict[str, Any], kid: str) -> dict[str, Any] | None:
    for key in key_set.get("keys", []):
        if isinstance(key, dict) and key.get("kid") == kid and key.get("kty") == "RSA":
            return key
    return None


def platform_key(registration: LtiRegistration, kid: str) -> Any:
    """The platform's public key with this key id, ready for PyJWT. Raises ``LaunchRefused``
    (``unknown-kid``) when neither the cached set nor a fresh one has it."""
    key_set = cache.get(_cache_key(registration))
    found = _find(key_set, kid) if key_set else None
    if found is None:
        throttle = f"retain-lti-jwks-refreshed:{registration.pk}"
        if key_set is None or cache.add(throttle, True, timeout=REFRESH_EVERY):
            found = _find(fetch_key_set(registration), kid)
    if found is None:
        raise LaunchRefused(
            "unknown-kid",
            "The launch is signed with a key the platform does not publish "
            f"(key id {kid!r}). If the platform has just changed its keys, try again in a "
            "minute.",
        )
    if found.get("alg", "RS256") != "RS256":
        raise LaunchRefused("signature", "The platform's key is not an RS256 key.")
    try:
        return jwt.PyJWK(found, algorithm="RS256").key
    except jwt.PyJWKError as error:
        raise LaunchRefused("jwks", f"The platform's key {kid!r} cannot be read.") from error
