"""What to ask the trigram index for, when the "contains" tier of the search runs (PostgreSQL).

A GIN trigram index answers ``LIKE '%term%'`` by intersecting the posting lists of every trigram of the term, and a
frequent trigram's list covers a large part of the directory: for ``helene lefevre`` the index reads the lists of
``hel``, ``ele``, ``len``, ``ene``... (each in tens of thousands of people) to find 35 rows. Knowing how frequent each
trigram is, it is far cheaper to ask only for two or three of the rarest trigrams, in the term's order
(``LIKE '%len%evr%'``, a necessary condition for containing the term), then check the whole term on the few rows
found (``strpos``).

The shares come from a sample of ``search_text`` (``services.refresh_trigram_shares``, daily), kept in the cache;
each process reads them at most every ``RELOAD_SECONDS``. Without them (a new deployment, SQLite, tests) the whole
term goes to the index, as before: same answers, slower.
"""

import re
import time

from django.core.cache import cache

CACHE_KEY = "lookup:trigram-shares"
RELOAD_SECONDS = 60
# Narrow only when the chosen trigrams are expected in at most this many people: beyond, checking the term on
# each candidate costs more than the index read it saves (and the planner keeps its own choice).
MAX_CANDIDATES = 5000
# A trigram in more than this share of the directory adds little selectivity to a rarer one, and costs its list.
MAX_EXTRA_SHARE = 0.1
MAX_TRIGRAMS = 3
# Candidates few enough to stop adding trigrams.
ENOUGH = 300

_WORD = re.compile(r"[a-z0-9]+")
_memo = {"loaded_at": 0.0, "stats": None}


def current_stats():
    """``{"rows": N, "shares": {trigram: share}}`` or None, re-read from the cache at most every minute."""
    now = time.monotonic()
    if now - _memo["loaded_at"] > RELOAD_SECONDS:
        _memo["stats"] = cache.get(CACHE_KEY)
        _memo["loaded_at"] = now
    return _memo["stats"]


def forget():
    """Drop this process's copy (tests, and right after a refresh)."""
    _memo["loaded_at"], _memo["stats"] = 0.0, None


def narrowed_pattern(term: str, stats) -> str | None:
    """A ``LIKE`` pattern of a few rare trigrams of ``term`` (folded), or None to give the index the whole term.

    The trigrams lie inside the term's words and do not overlap, so every text containing the term contains them
    in this order: the pattern is a necessary condition, the whole term being checked afterwards. First the rarest
    trigram of each word (rarest words first; names are nearly independent of each other), then, while the
    candidates are still many, more trigrams of the same words (counted as half as selective: the trigrams of one
    name go together).
    """
    if not stats:
        return None
    shares, rows = stats["shares"], stats["rows"]
    words = [
        sorted(
            (shares.get(match.group()[index : index + 3], 0.0), match.start() + index)
            for index in range(len(match.group()) - 2)
        )
        for match in _WORD.finditer(term)
        if len(match.group()) >= 3
    ]
    if not words:
        return None
    firsts = sorted(word[0] for word in words)
    others = sorted(gram for word in words for gram in word[1:])
    chosen, expected = [], float(rows)

    def take(share, position, factor):
        nonlocal expected
        gram = term[position : position + 3]
        if all(abs(position - other) >= 3 and term[other : other + 3] != gram for other in chosen):
            chosen.append(position)
            expected *= factor

    for share, position in firsts:
        if len(chosen) == MAX_TRIGRAMS or (chosen and (share > MAX_EXTRA_SHARE or expected < ENOUGH)):
            break
        take(share, position, share)
    for share, position in others:
        if len(chosen) == MAX_TRIGRAMS or expected < ENOUGH or share > MAX_EXTRA_SHARE:
            break
        take(share, position, share**0.5)
    fragments = [term[position : position + 3] for position in sorted(chosen)]
    if expected > MAX_CANDIDATES or "".join(fragments) == term:
        return None
    return "%" + "%".join(fragments) + "%"
