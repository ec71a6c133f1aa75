"""The wire format of the Nextcloud lookup server: query decoding and the JSON elements answered.

Normative reference: ``../shared/reference/nextcloud-lookup-protocol.md`` section 7. Everything here is pure (no
database), so that the rules are tested one by one.
"""

import json
import re
import unicodedata
from urllib.parse import unquote_plus

from django.http import HttpResponse

from portal.users.federation import federation_id, is_valid_uid

DEFAULT_LIMIT = 25  # Nextcloud's default sharing.maxAutocompleteResults
MAX_LIMIT = 50  # upstream's hard maximum
# No field of the directory is longer than this (username 64, e-mail 254, "first last" 301): a longer term cannot
# match and is answered without a query.
MAX_TERM_LENGTH = 320
KEY_NAMES = ("userid", "email", "name")
# The upstream server's version whose behaviour is reproduced (LS ``server/init.php``).
PROTOCOL_VERSION = "1.1.3.1"

_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_KEYS_PARAMETER = re.compile(r"^keys\[\d*\]$")


class BadRequest(Exception):
    """The query cannot be answered: the view replies 400 with an empty body (upstream parity)."""


def decode_search(raw: str) -> str:
    """The search term from the ``search`` parameter already decoded once by Django.

    Upstream PHP runs ``urldecode`` a second time (the globalsiteselector app encodes the term twice). We decode a
    second time only when the value still holds a percent-escape, so that a literal ``+`` typed by a person stays a
    ``+`` (``a%2Bb%40x.fr`` looks up ``a+b@x.fr``) while ``jean.dupont%2540x.fr`` looks up ``jean.dupont@x.fr``.
    Invalid escapes (``%zz``) are kept as typed. A term holding control characters (NUL...) is refused.
    """
    term = raw or ""
    if _PERCENT_ESCAPE.search(term):
        term = unquote_plus(term, errors="replace")
    term = term.strip()
    if not term or any(unicodedata.category(char) == "Cc" for char in term):
        raise BadRequest
    return term


def loads(raw, default=None):
    """``json.loads(raw)``, or ``default`` for anything that is not JSON, including nesting too deep for Python
    (``[[[[...]]]]`` raises RecursionError, which must be a 400, never a 500)."""
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return default


def parse_bool(value) -> bool:
    """Upstream ``getBool``: only ``1`` and ``true`` (any case) are true."""
    return (value or "").strip().lower() in ("1", "true")


def parse_keys(query) -> set[str] | None:
    """The ``keys`` restriction of an exact search, from ``keys=["email"]`` or ``keys[0]=userid`` / ``keys[]=email``.

    Returns None when no usable key was sent. Unknown names are ignored, never an error.
    """
    names = []
    for parameter in query:
        if parameter == "keys":
            for value in query.getlist(parameter):
                decoded = loads(value, default=value)
                if isinstance(decoded, str):
                    names.append(decoded)
                elif isinstance(decoded, list):
                    names.extend(item for item in decoded if isinstance(item, str))
        elif _KEYS_PARAMETER.match(parameter):
            names.extend(query.getlist(parameter))
    keys = {name.strip().lower() for name in names} & set(KEY_NAMES)
    return keys or None


def parse_int(value, default: int) -> int:
    try:
        number = int((value or "").strip())
    except ValueError:
        return default
    return number


def parse_page(query) -> tuple[int, int]:
    """``(limit, offset)``: limit defaults to 25 and is capped at 50; a bad value falls back to the default."""
    limit = parse_int(query.get("limit"), DEFAULT_LIMIT)
    if limit <= 0:
        limit = DEFAULT_LIMIT
    offset = max(parse_int(query.get("offset"), 0), 0)
    return min(limit, MAX_LIMIT), offset


def _field(value: str) -> dict:
    # ``verified`` is a string: Nextcloud compares it with the string "0" (VerifyUserData).
    return {"value": value, "verified": "1" if value else "0"}


def element(person) -> dict | None:
    """One published person, with exactly the four keys Nextcloud reads (None when no federation id can be made)."""
    cloud_id = federation_id(person["username"], person["nclocator"])
    if not cloud_id or not is_valid_uid(person["username"]):
        return None
    name = f"{person['first_name']} {person['last_name']}".strip()
    return {
        "federationId": cloud_id,
        "name": _field(name),
        "email": _field(person["email"] or ""),
        "userid": _field(person["username"]),
    }


def json_response(data, status=200) -> HttpResponse:
    body = b"" if data is None else json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
