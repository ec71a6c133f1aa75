"""The SQL writes of ``import_users`` (``portal.users.importing``): new accounts by ``COPY`` (PostgreSQL) or multi-row
``INSERT``, changed accounts by ``UPDATE ... FROM (VALUES ...)``, and the GIN pending lists of an import session."""

import contextlib
import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection
from django.db.backends.utils import CursorDebugWrapper

from .models import User, build_search_text

# The account's columns an import reads and may write, in this order (``importing._changed_values`` relies on it).
ACCOUNT_COLUMNS = ["first_name", "last_name", "email", "nclocator", "structure_id", "awaiting_structure_id"]
# Columns an update writes, after the id (``is_active`` too: always true, imported accounts are active).
UPDATED_COLUMNS = [*ACCOUNT_COLUMNS, "search_text"]
# PostgreSQL: the GIN pending list of an import session (kB; the server default is 4 MB).
IMPORT_GIN_PENDING_LIST_KB = 64 * 1024


# SQLite accepts at most 32,766 bound parameters per statement.
MAX_PARAMETERS = 30_000


def values_chunks(rows, width):
    """Split ``rows`` into chunks that fit in one statement; yield (``VALUES`` placeholders, flat parameters)."""
    chunk_size = max(1, MAX_PARAMETERS // width)
    row_placeholder = "(" + ", ".join(["%s"] * width) + ")"
    for start in range(0, len(rows), chunk_size):
        chunk = rows[start : start + chunk_size]
        yield ", ".join([row_placeholder] * len(chunk)), [value for row in chunk for value in row]


def insert_rows(table, columns, rows):
    """Insert ``rows`` (tuples in ``columns`` order): ``COPY`` on PostgreSQL, multi-row ``INSERT`` elsewhere.

    On PostgreSQL, a multi-row ``INSERT`` with one bound parameter per value spends most of its time in psycopg's
    client-side parameter parsing; ``COPY`` streams the rows as they are.
    """
    quote = connection.ops.quote_name
    column_list = ", ".join(map(quote, columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {quote(table)} ({column_list}) FROM STDIN"
            # Logged like any query when queries are recorded (DEBUG, tests counting queries).
            logged = cursor.debug_sql(sql) if isinstance(cursor, CursorDebugWrapper) else contextlib.nullcontext()
            with logged, cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for placeholders, params in values_chunks(rows, len(columns)):
            cursor.execute(f"INSERT INTO {quote(table)} ({column_list}) VALUES {placeholders}", params)  # noqa: S608 - names are ours


def create_users(new_rows) -> dict[str, int]:
    """Insert the new accounts; return their ids by username.

    ``bulk_create`` spends most of its time preparing each of the 21 values of each row through the model fields.
    Here every column gets what ``save()`` would store for a new ``User()`` (defaults, ``auto_now_add``...), prepared
    once per batch, and only the imported columns vary (strings and ids, which need no preparation).
    """
    if not new_rows:
        return {}
    fields = [field for field in User._meta.concrete_fields if not field.primary_key]
    columns = [field.column for field in fields]
    blank = User()
    template = [field.get_db_prep_save(field.pre_save(blank, True), connection) for field in fields]
    template[columns.index("is_active")] = True
    positions = [
        columns.index(column)
        for column in ("username", "first_name", "last_name", "email", "nclocator", "structure_id", "password")
    ]
    search_position = columns.index("search_text")
    usernames = [row.username for row, _structure_id in new_rows]
    ids = reserve_user_ids(len(new_rows))
    if ids:  # the ids are known before the insert: no SELECT of them afterwards
        columns, template = [User._meta.pk.column, *columns], [None, *template]
        positions, search_position = [position + 1 for position in positions], search_position + 1
    rows = []
    for index, (row, structure_id) in enumerate(new_rows):
        values = list(template)
        if ids:
            values[0] = ids[index]
        imported = (row.username, row.first_name, row.last_name, row.email, row.nclocator, structure_id)
        # What ``set_unusable_password`` stores, without its per-character random draw (1M rows matter).
        password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
        for position, value in zip(positions, (*imported, password), strict=True):
            values[position] = value
        values[search_position] = build_search_text(row.username, row.email, row.first_name, row.last_name)
        rows.append(values)
    insert_rows(User._meta.db_table, columns, rows)
    if ids:
        return dict(zip(usernames, ids, strict=True))
    return dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))


def reserve_user_ids(count) -> list[int]:
    """PostgreSQL: ``count`` ids drawn from the user table's sequence in one query (elsewhere: none, [])."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [User._meta.db_table, User._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def update_users(rows):
    """Write ``UPDATED_COLUMNS`` from ``rows`` (id first): one ``UPDATE ... FROM (VALUES ...)`` per chunk.

    Django's ``bulk_update`` builds a ``CASE WHEN id = ...`` per field and row, which takes seconds per thousand rows;
    this statement is the same on PostgreSQL and SQLite (>= 3.33), with casts because ``VALUES`` columns are untyped.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(User._meta.db_table)
    assignments = ", ".join(
        f"{quote(column)} = " + (f"CAST(v.column{index} AS BIGINT)" if column.endswith("_id") else f"v.column{index}")
        for index, column in enumerate(UPDATED_COLUMNS, start=2)
    )
    with connection.cursor() as cursor:
        for placeholders, params in values_chunks(rows, len(UPDATED_COLUMNS) + 1):
            cursor.execute(
                f"UPDATE {table} SET {assignments}, {quote('is_active')} = TRUE "  # noqa: S608 - names from the model
                f"FROM (VALUES {placeholders}) AS v WHERE {table}.{quote('id')} = CAST(v.column1 AS BIGINT)",
                params,
            )


@contextlib.contextmanager
def large_gin_pending_lists():
    """PostgreSQL: GIN indexes (the trigram index of the people's search) take new rows into a pending list merged
    when it exceeds ``gin_pending_list_limit``; an import raises it for its session so that a million rows are merged
    in a few large passes, then merges the rest of the people table's pending lists once and restores the limit."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW gin_pending_list_limit")
        previous = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('gin_pending_list_limit', %s, false)", [str(IMPORT_GIN_PENDING_LIST_KB)])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'gin' AND i.indrelid = %s::regclass",
                [User._meta.db_table],
            )
            cursor.execute("SELECT set_config('gin_pending_list_limit', %s, false)", [previous])
