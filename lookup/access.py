"""Who may call the lookup server: an allow-list of client networks and a per-client rate limit.

Nextcloud sends no credentials, so the network decides (settings ``LOOKUP_ALLOWED_NETWORKS``, loopback by
default). The client's address is the socket peer's, unless the peer is one of ``LOOKUP_TRUSTED_PROXIES``: then
``X-Forwarded-For`` is read from the right, skipping the trusted proxies, and the first other address is the
client's. A header sent by anybody else is ignored, so it cannot fake an allowed address, nor spread one client
over many rate-limit counters. The rate limit (``LOOKUP_RATE_LIMIT``, "requests/period") counts per client address
in the cache, in fixed windows: neither the query nor the headers change the counter's key.
"""

import ipaddress
import time
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@memoize
def _networks(value: tuple[str, ...]):
    try:
        return tuple(ipaddress.ip_network(network.strip(), strict=False) for network in value if network.strip())
    except ValueError as error:
        raise ImproperlyConfigured(f"Invalid network in the lookup settings: {error}") from error


def allowed_networks():
    return _networks(tuple(settings.LOOKUP_ALLOWED_NETWORKS))


def trusted_proxies():
    return _networks(tuple(settings.LOOKUP_TRUSTED_PROXIES))


def parse_address(value: str):
    """An IP address from a socket peer or a forwarded-for entry (``[v6]:port`` and ``v4:port`` accepted)."""
    value = (value or "").strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket (::ffff:10.0.0.1) is that IPv4 client.
    return address.ipv4_mapped or address if address.version == 6 else address


def _in(address, networks) -> bool:
    return any(address in network for network in networks if network.version == address.version)


def client_address(request):
    """The calling client's address, or None when it cannot be told."""
    peer = parse_address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    proxies = trusted_proxies()
    if not proxies or not _in(peer, proxies):
        return peer
    forwarded = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    client = peer
    for entry in reversed(forwarded):
        address = parse_address(entry)
        if address is None:
            return None  # a garbled chain: nobody can tell who the client is
        client = address
        if not _in(address, proxies):
            break
    return client


def is_allowed(address) -> bool:
    return address is not None and _in(address, allowed_networks())


@memoize
def parse_rate(rate: str) -> tuple[int, int]:
    """DRF's rate format: ``"3000/minute"`` -> ``(3000, 60)`` (the period's first letter: s, m, h or d)."""
    try:
        count, period = rate.split("/")
        return int(count), PERIODS[period.strip()[0].lower()]
    except (IndexError, KeyError, ValueError) as error:
        raise ImproperlyConfigured(f"Invalid LOOKUP_RATE_LIMIT {rate!r}: use e.g. 3000/minute.") from error


def throttle_wait(address) -> int:
    """0 when the client may go on, else the seconds until its window ends (the request is refused)."""
    rate = settings.LOOKUP_RATE_LIMIT
    if not rate:
        return 0
    allowed, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    key = f"lookup:rate:{address}:{period}:{window}"
    try:
        count = cache.incr(key)
    except ValueError:  # first request of the window
        count = 1 if cache.add(key, 1, timeout=period + 1) else cache.incr(key)
    if count <= allowed:
        return 0
    return max(1, int((window + 1) * period - now + 0.999))
