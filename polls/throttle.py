"""Rate limit of public answering and booking, per client address and per poll, in the Django cache.

``POLLS_PUBLIC_RATE_LIMIT`` ("count/period", period s, m, h or d; default 20/h): fixed windows, one counter per
(client address, poll). The client address is read as the lookup server reads it (``lookup.access.client_address``:
the socket peer, or X-Forwarded-For behind the trusted proxies only), so a forged header cannot spread one client
over many counters.
"""

import time

from django.conf import settings
from django.core.cache import cache

from lookup.access import client_address

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate():
    value = settings.POLLS_PUBLIC_RATE_LIMIT or ""
    count, _, period = value.partition("/")
    if not count:
        return None
    return int(count), PERIODS.get(period[:1], 3600)


def allow(request, poll) -> bool:
    """Count one public write of this client on ``poll``; False once over the limit."""
    limit = rate()
    if limit is None:
        return True
    count, period = limit
    window = int(time.time() // period)
    key = f"polls:public:{client_address(request) or 'unknown'}:{poll.pk}:{window}"
    cache.add(key, 0, timeout=period + 5)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired in between
        cache.add(key, 1, timeout=period + 5)
        hits = 1
    return hits <= count
