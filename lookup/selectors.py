"""Reads of the lookup server: who is published, the ranked directory search, the exact look-ups.

Published people: active accounts with a Nextcloud-valid username and a non-empty ``nclocator``.

The search compares the folded term (``portal.core.text.fold``: lower-case, accent-free) with the folded column
``User.search_text``, ``"username | e-mail | first last | last first"`` (``build_search_text``; empty parts are
left out, so the last two parts are the names whenever the person has one). Ranking:

0. the username or the e-mail equals the term;
1. "first last" or "last first" starts with the term (for a person without a name, the username or the e-mail),
   in the alphabetical order of the matching name, then username;
2. the term appears anywhere in username, e-mail or names, by account creation order (id).

One SQL statement answers a page, in time bounded by the page size rather than by the number of matches
(a three-letter term matches a fifth of a million-person directory):

- tier 0 reads two B-tree indexes (``lower(username)``, ``lower(email)``);
- tier 1 reads two C-collated B-tree indexes on the last two parts of ``search_text`` as ranges
  (``LIKE 'term%'``), in index order, stopping at the page's end;
- tier 2 runs only when tiers 0 and 1 do not fill the page (a one-time filter: its plan is not even started
  otherwise); there the trigram GIN index serves ``search_text LIKE '%term%'``, or, when the term is frequent
  enough, the primary-key order with a filter, whichever the planner finds cheaper.

The indexes exist on PostgreSQL (migration 0001 of this app); SQLite runs the same statement without them.
"""

from collections import Counter

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Lower

from portal.core.text import escape_like, fold
from portal.users.federation import UID_PATTERN, UID_RESERVED, federation_host, federation_id, split_federation_id
from portal.users.models import User

from . import trigrams
from .models import NextcloudInstance
from .protocol import MAX_TERM_LENGTH

# The separator of build_search_text's parts (checked by a test: change both together).
SEARCH_SEPARATOR = " | "
# Deeper pages than this are answered empty: Nextcloud shows at most a few pages of suggestions.
MAX_WINDOW = 1000
COLUMNS = ("id", "username", "email", "first_name", "last_name", "nclocator")
# An exact look-up reads at most this many candidates (several accounts may share an e-mail).
EXACT_CANDIDATES = 10


def published_users():
    return (
        User.objects.filter(is_active=True, username__regex=UID_PATTERN)
        .exclude(nclocator="")
        .exclude(username__in=UID_RESERVED)
    )


def _dialect():
    if connection.vendor == "postgresql":
        return {
            "materialized": "MATERIALIZED",
            "collate": ' COLLATE "C"',
            "regex": "u.username ~ %(uid_pattern)s",
            "position": "strpos",
        }
    # SQLite: Django registers REGEXP; split_part is registered by lookup.apps.
    return {"materialized": "", "collate": "", "regex": "u.username REGEXP %(uid_pattern)s", "position": "instr"}


def _search_sql(with_position_check: bool, narrowed: bool = False) -> str:
    dialect = _dialect()
    columns = ", ".join(f"u.{column}" for column in COLUMNS)
    published = f"u.is_active AND u.nclocator <> '' AND {dialect['regex']} AND u.username NOT IN (%(dot)s, %(dotdot)s)"
    exact = "(lower(u.username) = %(term)s OR lower(u.email) = %(term)s)"
    last_part = f"split_part(u.search_text, %(separator)s, -1){dialect['collate']}"
    first_part = f"split_part(u.search_text, %(separator)s, -2){dialect['collate']}"
    position_check = f"AND {dialect['position']}(u.search_text, %(term)s) > 0" if with_position_check else ""
    materialized = dialect["materialized"]

    def by_name(part, alias):
        return f"""SELECT * FROM (
            SELECT 1 AS tier, {part} AS k, {columns} FROM users_user u
            WHERE {published} AND {part} LIKE %(prefix)s ESCAPE '\\' AND NOT {exact}
            ORDER BY 2, u.username LIMIT %(window)s) AS {alias}"""  # noqa: S608 (constants only; values are parameters)

    return f"""
WITH exact AS {materialized} (
    SELECT 0 AS tier, '' AS k, {columns} FROM users_user u
    WHERE {published} AND {exact}
    ORDER BY u.username LIMIT %(window)s
), prefix AS {materialized} (
    {by_name(last_part, "by_last")}
    UNION ALL
    {by_name(first_part, "by_first")}
), rest AS {materialized} (
    SELECT 2 AS tier, '' AS k, {columns} FROM users_user u
    WHERE (SELECT count(*) FROM exact) + (SELECT count(DISTINCT id) FROM prefix) < %(window)s
        AND {published} AND u.search_text LIKE %(contains)s ESCAPE '\\' {position_check}
        AND NOT {exact}
        AND NOT ({last_part} LIKE %(prefix)s ESCAPE '\\' OR {first_part} LIKE %(prefix)s ESCAPE '\\')
    ORDER BY {"u.id + 0" if narrowed else "u.id"} LIMIT %(window)s
)
SELECT {", ".join(COLUMNS)} FROM (
    SELECT ranked.*, row_number() OVER (PARTITION BY id ORDER BY tier, k) AS occurrence FROM (
        SELECT * FROM exact UNION ALL SELECT * FROM prefix UNION ALL SELECT * FROM rest
    ) AS ranked
) AS deduplicated
WHERE occurrence = 1
ORDER BY tier, k, CASE WHEN tier = 2 THEN id ELSE 0 END, username
LIMIT %(limit)s OFFSET %(offset)s"""  # noqa: S608


def _index_term(term: str) -> str:
    """The part of the term given to the trigram index.

    An e-mail's domain is shared by a large part of the directory, and every trigram of the pattern costs a read
    of its posting list: for ``jean.dupont@ac-paris.fr`` the index is asked for ``jean.dupont@`` and the whole term
    is then checked on the few rows found.
    """
    at = term.find("@")
    if at >= 3:
        return term[: at + 1]
    return term


def search_statement(term: str, limit: int, offset: int):
    """``(sql, params)`` of the ranked search for ``term``, or None when nothing can match."""
    folded = fold(term)
    window = offset + limit
    if not folded or len(folded) > MAX_TERM_LENGTH or window > MAX_WINDOW:
        return None
    stats = trigrams.current_stats() if connection.vendor == "postgresql" else None
    narrowed = trigrams.narrowed_pattern(folded, stats)
    if narrowed:
        # The rarest trigrams go to the index, the whole term is checked on the candidates; "+ 0" keeps the planner
        # from walking the primary key instead (the candidates are known to be few).
        contains, position_check = narrowed, True
    else:
        index_term = _index_term(folded)
        contains, position_check = "%" + escape_like(index_term) + "%", index_term != folded
    params = {
        "term": folded,
        "prefix": escape_like(folded) + "%",
        "contains": contains,
        "separator": SEARCH_SEPARATOR,
        "uid_pattern": UID_PATTERN,
        "dot": UID_RESERVED[0],
        "dotdot": UID_RESERVED[1],
        "window": window,
        "limit": limit,
        "offset": offset,
    }
    return _search_sql(with_position_check=position_check, narrowed=bool(narrowed)), params


def search_people(term: str, limit: int, offset: int) -> list[dict]:
    """The ranked page of published people matching ``term`` (already decoded), as dicts of ``COLUMNS``."""
    statement = search_statement(term, limit, offset)
    if statement is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def _candidates(condition: Q) -> list[dict]:
    return list(
        published_users()
        .annotate(username_lower=Lower("username"), email_lower=Lower("email"))
        .filter(condition)
        .order_by("id")
        .values(*COLUMNS)[:EXACT_CANDIDATES]
    )


def _single(people: list[dict], exact_value: str, field: str) -> dict | None:
    """The one person of ``people``; among several, the one whose ``field`` is exactly ``exact_value``."""
    if len(people) == 1:
        return people[0]
    exact = [person for person in people if person[field] == exact_value]
    return exact[0] if len(exact) == 1 else None


def find_exact(term: str, keys: set[str] | None) -> dict | None:
    """The person whose username or e-mail is ``term`` (case- and accent-insensitive), for ``exact=1``.

    ``keys`` restricts to ``userid`` and/or ``email`` (``name`` is ignored in exact mode, as upstream). A username
    match wins; an e-mail shared by several accounts gives no answer rather than an arbitrary person.
    """
    folded = fold(term)
    searched = (keys or set()) & {"userid", "email"} or {"userid", "email"}
    if not folded or len(folded) > MAX_TERM_LENGTH:
        return None
    condition = Q()
    if "userid" in searched:
        condition |= Q(username_lower=folded)
    if "email" in searched:
        condition |= Q(email_lower=folded)
    people = _candidates(condition)
    by_username = [person for person in people if "userid" in searched and person["username"].lower() == folded]
    if by_username:
        return _single(by_username, term, "username")
    by_email = [person for person in people if (person["email"] or "").lower() == folded]
    return by_email[0] if len(by_email) == 1 else None


def find_by_cloud_id(cloud_id: str) -> dict | None:
    """The person whose canonical federation id is ``cloud_id`` (``exactCloudId=1``).

    The comparison ignores case; when two accounts differ only by case, only the exact spelling answers.
    """
    uid, host = split_federation_id(cloud_id)
    if not uid or not host or len(uid) > MAX_TERM_LENGTH:
        return None
    people = [
        person
        for person in _candidates(Q(username_lower=uid.lower()))
        if federation_id(person["username"], person["nclocator"]).lower() == cloud_id.lower()
    ]
    if not people:
        return None
    exact = [person for person in people if federation_id(person["username"], person["nclocator"]) == cloud_id]
    if len(exact) == 1:
        return exact[0]
    return people[0] if len(people) == 1 else None


def display_names(cloud_ids: list[str]) -> dict[str, str]:
    """``{cloud id: "First Last"}`` for the published people among ``cloud_ids`` who have a name (``GET /gs/users``)."""
    wanted = {}
    for cloud_id in cloud_ids:
        uid, host = split_federation_id(cloud_id)
        if uid and host:
            wanted.setdefault(uid.lower(), set()).add(cloud_id)
    if not wanted:
        return {}
    names = {}
    people = published_users().annotate(username_lower=Lower("username")).filter(username_lower__in=list(wanted))
    for person in people.values(*COLUMNS):
        cloud_id = federation_id(person["username"], person["nclocator"])
        name = f"{person['first_name']} {person['last_name']}".strip()
        if name and cloud_id in wanted.get(person["username"].lower(), ()):
            names[cloud_id] = name
    return names


def people_per_host() -> Counter:
    """How many people have each canonical ``nclocator`` host: one aggregate query (few distinct values)."""
    counts = Counter()
    rows = User.objects.exclude(nclocator="").values_list("nclocator").annotate(people=Count("id")).order_by()
    for nclocator, people in rows:
        counts[federation_host(nclocator)] += people
    return counts


def instance_hosts() -> list[str]:
    """The hosts of every Nextcloud instance of the pool (``POST /instances``)."""
    return list(NextcloudInstance.objects.order_by("host").values_list("host", flat=True))
