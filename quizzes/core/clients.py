"""Who is asking: the client's address, as every throttle and the login lockout count it.

Behind reverse proxies ``REMOTE_ADDR`` is the nearest proxy, and ``X-Forwarded-For`` is written by
whoever sends the request: a client can put anything in it. So the header is read only as far as
the operator says proxies are trusted (``TRUSTED_PROXY_COUNT`` = N, default 0): each trusted proxy
appends the address it received the request from, so the client is the N-th entry from the
right, and whatever the client wrote itself lies further left and is ignored. With N = 0 the
header is ignored altogether. A header with fewer than N entries (a request that did not come
through every proxy) falls back to ``REMOTE_ADDR``.

An IPv6 client is counted by its /64 network: one subscriber usually holds a whole /64, and would
otherwise get a fresh allowance from each of its 2⁶⁴ addresses.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address as throttles count it (an IPv6 client as ``net::/64``)."""
    return _normalised(_raw_address(request))


def _raw_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [entry for entry in entries if entry]
    if len(entries) < trusted:
        return remote
    return entries[-trusted]


def _normalised(raw: str) -> str:
    try:
        address = ipaddress.ip_address(raw.strip("[]"))
    except ValueError:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        network = ipaddress.IPv6Network((address, 64), strict=False)
        return f"{network.network_address}/64"
    return str(address)
