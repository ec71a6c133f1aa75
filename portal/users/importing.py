"""Bulk import of user accounts from a CSV file (``manage.py import_users``; the API may call it too).

The file is UTF-8 (a BOM is accepted) with exactly the header ``username,first_name,last_name,email,nclocator,
structure``. Each row is upserted by ``username``:

- ``username``, ``first_name``, ``last_name`` and ``email`` are required and always written;
- ``nclocator`` (the person's Nextcloud server in any form: host, URL, port, sub-path; stored normalised by
  ``federation.normalize_nclocator``) and ``structure`` (a structure's ``external_code``) may be empty: empty
  means "not known by the file", so a new account gets none and an existing one keeps its own;
- imported accounts are active; a row identical to the database is counted "unchanged" and not written.

A bad row is reported with its line number and reason and skipped; the others are imported. A wrong header stops
everything before any write (``HeaderError``).

The file is streamed: rows are read, checked and written in batches (``BATCH_SIZE`` rows read), each batch in one
transaction with a constant number of statements: one SELECT of the structure codes not yet cached, one SELECT and
one INSERT on a temporary table of the usernames already imported from this file (so duplicates across batches are
found without memory growing with the file), one SELECT of the existing accounts, one write of the new accounts
(``COPY`` on PostgreSQL) and one SELECT of their ids, one UPDATE of the changed accounts only.

The receivers of ``users_created`` and ``users_structure_changed`` (structure groups, Nextcloud instances...) run in
one pass after the rows are in (``deferred_receivers``, the default): each batch notes its new and moved accounts in
a temporary table, and at the end the signals are sent for ``RECEIVER_CHUNK_SIZE`` people at a time (each chunk in
its own transaction, read by id ranges: memory stays flat). The final state is the one of sending them after each
batch (``deferred_receivers=False``, inside the batch's transaction), which ``tests/portal/test_import_users.py``
compares. On PostgreSQL the import raises the session's ``gin_pending_list_limit`` so that the trigram index of the
people's search takes the new rows in large merges instead of one small merge every few hundred rows, and merges
what is left once at the end (``gin_clean_pending_list``).
"""

import csv
import io
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import connection, transaction
from django.utils.translation import gettext as _

from portal.structures.models import Structure

from . import services, signals
from .federation import normalize_nclocator
from .import_sql import ACCOUNT_COLUMNS, insert_rows, large_gin_pending_lists
from .import_sql import create_users as _create_users
from .import_sql import update_users as _update_users
from .models import USERNAME_MAX_LENGTH, User, build_search_text, validate_username

HEADER = ("username", "first_name", "last_name", "email", "nclocator", "structure")
REQUIRED_COLUMNS = ("username", "first_name", "last_name", "email")
BATCH_SIZE = 5000
# Errors kept in ``ImportResult.errors`` (all of them go to ``on_error``): a file of bad rows must not fill memory.
MAX_KEPT_ERRORS = 1000
# People per signal of the receivers' pass after the rows are in (``deferred_receivers``).
RECEIVER_CHUNK_SIZE = 20_000
# A longer field is a broken file (an unclosed quote swallowing the following lines): the csv module stops it here.
CSV_FIELD_SIZE_LIMIT = 4096


def _max_length(name):
    return User._meta.get_field(name).max_length


MAX_LENGTHS = {
    "username": USERNAME_MAX_LENGTH,
    "first_name": _max_length("first_name"),
    "last_name": _max_length("last_name"),
    "email": _max_length("email"),
    "nclocator": _max_length("nclocator"),
    "structure": Structure._meta.get_field("external_code").max_length,
}
# Control characters (NUL included) have nothing to do in a name, an e-mail address or a host.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_validate_email = EmailValidator()


class HeaderError(ValueError):
    """The first line is not the expected header: nothing was imported."""


class BatchError(RuntimeError):
    """A batch could not be written (the database refused it): it was rolled back entirely, earlier ones are kept."""

    def __init__(self, first_line, last_line, result, cause):
        self.first_line, self.last_line, self.result, self.cause = first_line, last_line, result, cause
        super().__init__(
            _("Lignes %(first)d à %(last)d non importées (lot annulé) : %(cause)s")
            % {"first": first_line, "last": last_line, "cause": cause}
        )


class ReceiversError(RuntimeError):
    """The accounts were written, but the receivers' pass after them failed (``deferred_receivers``)."""

    def __init__(self, result, cause):
        self.result, self.cause = result, cause
        super().__init__(
            _(
                "Comptes enregistrés, mais leur mise à jour par les applications (groupes des structures, serveurs "
                "Nextcloud…) a échoué : %(cause)s"
            )
            % {"cause": cause}
        )


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def __str__(self):
        return _("ligne %(line)d : %(reason)s") % {"line": self.line, "reason": self.reason}


@dataclass(frozen=True)
class Row:
    """A row whose format is valid (the structure code is checked against the database later, per batch)."""

    line: int
    username: str
    first_name: str
    last_name: str
    email: str
    nclocator: str
    structure: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)  # the first MAX_KEPT_ERRORS RowError


# --- parsing: lines in, rows and row errors out, one at a time ------------------------------------------------


def text_lines(binary) -> io.TextIOWrapper:
    """Decode a binary stream as UTF-8 (BOM accepted) lazily; invalid bytes are kept as surrogates and reported."""
    return io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")


def parse_rows(lines: Iterable[str]) -> Iterator[Row | RowError]:
    """Check the header, then yield a ``Row`` or a ``RowError`` per data row, reading ``lines`` as it goes.

    ``lines`` is any iterable of text lines (a file, a generator): nothing is read ahead of the row being yielded.
    Blank lines are ignored. Raises ``HeaderError`` before yielding anything when the header is wrong.
    """
    reader = csv.reader(lines, strict=False)
    try:
        header = _next_row(reader)
    except StopIteration:
        raise HeaderError(
            _("Le fichier est vide : l'en-tête « %(expected)s » est attendu.") % {"expected": ",".join(HEADER)}
        ) from None
    except csv.Error:
        header = ["?"]
    if tuple(column.strip() for column in header) != HEADER:
        raise HeaderError(
            _("En-tête incorrect : « %(found)s » ; attendu : « %(expected)s ».")
            % {"found": ",".join(header)[:200].encode("utf-8", "replace").decode(), "expected": ",".join(HEADER)}
        )
    previous_end = reader.line_num
    while True:
        try:
            values = _next_row(reader)
        except StopIteration:
            return
        except csv.Error:
            yield RowError(previous_end + 1, _("champ trop long ou guillemet non fermé"))
            previous_end = reader.line_num
            continue
        line, previous_end = previous_end + 1, reader.line_num
        if not values:
            continue
        yield check_row(line, values)


def _next_row(reader):
    """``next(reader)`` with our field size limit (a process-wide setting of the csv module, so restored after)."""
    previous = csv.field_size_limit(CSV_FIELD_SIZE_LIMIT)
    try:
        return next(reader)
    finally:
        csv.field_size_limit(previous)


def check_row(line: int, values: list[str]) -> Row | RowError:
    """Validate the format of one row (everything but the structure code, which needs the database)."""
    if len(values) != len(HEADER):
        return RowError(
            line,
            _("%(found)d colonnes au lieu de %(expected)d") % {"found": len(values), "expected": len(HEADER)},
        )
    values = dict(zip(HEADER, (value.strip() for value in values), strict=True))
    for column, value in values.items():
        reason = _check_text(column, value)
        if reason:
            return RowError(line, reason)
    try:
        validate_username(values["username"])
    except ValidationError as error:
        return RowError(line, _("identifiant invalide : %(detail)s") % {"detail": error.messages[0]})
    try:
        _validate_email(values["email"])
    except ValidationError:
        return RowError(line, _("adresse e-mail invalide : « %(email)s »") % {"email": values["email"]})
    host = normalize_nclocator(values["nclocator"])
    if host is None:
        return RowError(
            line,
            _("serveur Nextcloud invalide : « %(value)s » (par exemple %(example)s ou https://%(example)s/nextcloud)")
            % {"value": values["nclocator"], "example": "nuage03.apps.education.fr"},
        )
    values["nclocator"] = host
    return Row(line=line, **values)


def _check_text(column, value):
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("la colonne « %(column)s » n'est pas de l'UTF-8 valide") % {"column": column}
    if "\x00" in value:
        return _("la colonne « %(column)s » contient un caractère nul (NUL)") % {"column": column}
    if CONTROL_CHARACTERS.search(value):
        return _("la colonne « %(column)s » contient un caractère de contrôle") % {"column": column}
    if not value and column in REQUIRED_COLUMNS:
        return _("la colonne « %(column)s » est vide") % {"column": column}
    if len(value) > MAX_LENGTHS[column]:
        return _("la colonne « %(column)s » est trop longue (%(length)d caractères, %(max)d au plus)") % {
            "column": column,
            "length": len(value),
            "max": MAX_LENGTHS[column],
        }
    return None


# --- writing: one transaction per batch -----------------------------------------------------------------------


class _Importer:
    def __init__(self, batch_size, on_error, deferred_receivers=True):
        self.batch_size = batch_size
        self.on_error = on_error
        self.deferred_receivers = deferred_receivers
        self.result = ImportResult()
        self.structures = {}  # external code -> (id, path), or None when unknown (bounded by the table, not the file)
        suffix = uuid.uuid4().hex[:12]
        self.seen_table = f"portal_import_seen_{suffix}"
        # New and moved accounts whose signals are sent after the rows are in (``deferred_receivers``).
        self.pending_table = f"portal_import_pending_{suffix}"

    def run(self, records: Iterator[Row | RowError], on_progress: Callable[[], None] | None):
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.seen_table} (username VARCHAR(64) PRIMARY KEY, line INTEGER NOT NULL)"
            )
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.pending_table} "
                "(user_id BIGINT PRIMARY KEY, created BOOLEAN NOT NULL, structure_changed BOOLEAN NOT NULL)"
            )
        try:
            with large_gin_pending_lists():
                try:
                    for batch in self._batches(records):
                        self._flush(*batch)
                        if on_progress:
                            on_progress()
                finally:
                    # The batches written (all of them, or those before a refused one) get their receivers.
                    self._send_pending_signals()
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self.seen_table}")
                cursor.execute(f"DROP TABLE IF EXISTS {self.pending_table}")
        return self.result

    def _send_pending_signals(self):
        """The receivers' pass: the signals for ``RECEIVER_CHUNK_SIZE`` people at a time, in id order."""
        last_id = 0
        while True:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT user_id, created, structure_changed FROM {self.pending_table} "  # noqa: S608 - our table
                    "WHERE user_id > %s ORDER BY user_id LIMIT %s",
                    [last_id, RECEIVER_CHUNK_SIZE],
                )
                rows = cursor.fetchall()
            if not rows:
                return
            last_id = rows[-1][0]
            try:
                with transaction.atomic():
                    _send_signals(
                        [user_id for user_id, created, _moved in rows if created],
                        [user_id for user_id, _created, moved in rows if moved],
                    )
            except Exception as error:  # any receiver's failure: the accounts are in, say what is left to do
                raise ReceiversError(self.result, error) from error

    def _batches(self, records):
        """Group the records ``batch_size`` at a time: (valid rows by username, row errors, first line, last line)."""
        batch, errors, first_line = {}, [], None
        for record in records:
            first_line = first_line or record.line
            if isinstance(record, RowError):
                errors.append(record)
            elif record.username in batch:
                errors.append(_duplicate(record, batch[record.username].line))
            else:
                batch[record.username] = record
            if len(batch) + len(errors) >= self.batch_size:
                yield batch, errors, first_line, record.line
                batch, errors, first_line = {}, [], None
        if first_line is not None:
            yield batch, errors, first_line, record.line

    def _flush(self, batch: dict[str, Row], errors: list[RowError], first_line, last_line):
        try:
            with transaction.atomic():
                counts = self._write(batch, errors)
        except Exception as error:  # any database refusal: the batch is rolled back, say which lines
            raise BatchError(first_line, last_line, self.result, error) from error
        created, updated, unchanged = counts
        self.result.created += created
        self.result.updated += updated
        self.result.unchanged += unchanged
        self.result.skipped += len(errors)
        for error in sorted(errors, key=lambda error: error.line):
            if len(self.result.errors) < MAX_KEPT_ERRORS:
                self.result.errors.append(error)
            if self.on_error:
                self.on_error(error)

    def _write(self, batch: dict[str, Row], errors: list[RowError]):
        """Write one batch; rows refused here (unknown structure, duplicate of an earlier batch) join ``errors``."""
        self._resolve_structures({row.structure for row in batch.values() if row.structure})
        rows = []
        for row in batch.values():
            if row.structure and self.structures[row.structure] is None:
                errors.append(
                    RowError(
                        row.line, _("structure inconnue : aucun code externe « %(code)s »") % {"code": row.structure}
                    )
                )
            else:
                rows.append(row)
        seen = self._already_seen([row.username for row in rows])
        errors.extend(_duplicate(row, seen[row.username]) for row in rows if row.username in seen)
        rows = [row for row in rows if row.username not in seen]
        insert_rows(self.seen_table, ["username", "line"], [(row.username, row.line) for row in rows])

        existing = {
            values[1]: values
            for values in User.objects.filter(username__in=[row.username for row in rows]).values_list(
                "pk", "username", *ACCOUNT_COLUMNS, "is_active"
            )
        }
        new_rows, changed, moved = [], [], {}
        for row in rows:
            structure_id = self.structures[row.structure][0] if row.structure else None
            current = existing.get(row.username)
            if current is None:
                new_rows.append((row, structure_id))
                continue
            values = _changed_values(row, structure_id, current)
            if values is not None:
                changed.append(values)
                if values[5] != current[6]:
                    moved[current[0]] = row.structure
        created = _create_users(new_rows)
        _update_users(changed)
        self._drop_admin_roles_outside(moved)

        structure_changed = [created[row.username] for row, structure_id in new_rows if structure_id] + list(moved)
        if self.deferred_receivers:
            changed_ids = set(structure_changed)
            insert_rows(
                self.pending_table,
                ["user_id", "created", "structure_changed"],
                [(pk, True, pk in changed_ids) for pk in created.values()] + [(pk, False, True) for pk in moved],
            )
        else:
            _send_signals(list(created.values()), structure_changed)
        return len(new_rows), len(changed), len(rows) - len(new_rows) - len(changed)

    def _resolve_structures(self, codes):
        missing = [code for code in codes if code not in self.structures]
        if not missing:
            return
        found = {
            code: (pk, path)
            for code, pk, path in Structure.objects.filter(external_code__in=missing).values_list(
                "external_code", "pk", "path"
            )
        }
        for code in missing:
            self.structures[code] = found.get(code)

    def _already_seen(self, usernames):
        if not usernames:
            return {}
        placeholders = ", ".join(["%s"] * len(usernames))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT username, line FROM {self.seen_table} WHERE username IN ({placeholders})",  # noqa: S608 - table name is ours, values bound
                usernames,
            )
            return dict(cursor.fetchall())

    def _drop_admin_roles_outside(self, moved: dict[int, str]):
        """As ``services.set_structure``: structure-admin roles that no longer cover the new structure are dropped.

        Done in bulk (two queries for the whole batch) instead of one ``set_structure`` call per target structure.
        """
        if not moved:
            return
        services.drop_admin_roles_outside({user_id: self.structures[moved[user_id]][1] for user_id in moved})


def _send_signals(created_ids, structure_changed_ids):
    if created_ids:
        signals.users_created.send(sender=User, user_ids=created_ids)
    if structure_changed_ids:
        signals.users_structure_changed.send(sender=User, user_ids=structure_changed_ids)


def _changed_values(row: Row, structure_id, current):
    """The values to write (``UPDATED_COLUMNS`` order), or None when the row matches the database.

    Empty optional columns keep the current value. As ``services.set_structure``, a new structure ends any pending
    structure request.
    """
    pk, _username, first_name, last_name, email, nclocator, current_structure_id, awaiting_id, is_active = current
    wanted = (
        row.first_name,
        row.last_name,
        row.email,
        row.nclocator or nclocator,
        structure_id or current_structure_id,
    )
    if is_active and wanted == (first_name, last_name, email, nclocator, current_structure_id):
        return None
    moved = wanted[4] != current_structure_id
    search_text = build_search_text(row.username, row.email, row.first_name, row.last_name)
    return (pk, *wanted, None if moved else awaiting_id, search_text)


def _duplicate(row, first_line):
    return RowError(
        row.line,
        _("identifiant « %(username)s » déjà présent ligne %(first)d")
        % {"username": row.username, "first": first_line},
    )


def import_users(
    lines: Iterable[str],
    *,
    batch_size: int = BATCH_SIZE,
    on_error: Callable[[RowError], None] | None = None,
    on_progress: Callable[[], None] | None = None,
    deferred_receivers: bool = True,
) -> ImportResult:
    """Import the CSV read from ``lines`` (an iterable of text lines: see ``text_lines`` for a binary file).

    ``on_error`` receives every ``RowError`` (in line order within a batch), ``on_progress`` is called after each
    batch. Raises ``HeaderError`` (nothing written), ``BatchError`` (that batch rolled back, earlier ones kept) or
    ``ReceiversError`` (every row written, the receivers' pass after them failed). ``deferred_receivers``: the users signals are sent after all the rows are in (default), or in each batch.
    """
    records = parse_rows(lines)
    first = next(records, None)  # reads and checks the header before any write
    if first is None:
        return ImportResult()
    return _Importer(batch_size, on_error, deferred_receivers).run(_chain(first, records), on_progress)


def _chain(first, rest):
    yield first
    yield from rest
