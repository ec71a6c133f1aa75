"""Text folding for accent- and case-insensitive search.

Searches compare folded text: ``fold("Hélène Dupont-Léger")`` is ``"helene dupont-leger"``. The folded value is
stored in a column filled in Python (PostgreSQL's ``unaccent()`` is not IMMUTABLE and cannot be indexed), so the
same query works on SQLite and PostgreSQL, where a trigram index speeds it up.
"""

import unicodedata

from anyascii import anyascii


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form of ``text``; NUL bytes and control characters are dropped."""
    if not text:
        return ""
    text = "".join(ch for ch in str(text) if unicodedata.category(ch)[0] != "C" or ch in " \t")
    return " ".join(anyascii(text).lower().split())


def escape_like(value: str) -> str:
    """Escape LIKE wildcards so that ``%`` and ``_`` typed by a user are matched literally."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
