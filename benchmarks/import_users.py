"""Benchmark of ``manage.py import_users`` on PostgreSQL: the target is 1,000,000 rows in under 10 minutes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/import_users.py [--rows N]

It creates its own database (``portal_bench_import``, dropped at the end unless ``--keep-db``), migrates it, builds
an organisation tree of 30 académies, 120 districts and 3,000 schools with UAI codes, writes N rows of realistic
French staff (0.1% of them bad) to a temporary CSV file, then times, as separate processes:
1. the first import (every good row created),
2. the re-import of the same file (nothing changes: no write),
3. the import of a file where 10% of the people changed (name, e-mail or school),
and prints rows/s, wall time and peak resident memory of each, next to an empty import (Django's own footprint).

The imports run with every receiver of ``users_created`` / ``users_structure_changed`` that the installed apps
connect (structure groups, default personal spaces, Nextcloud instances...), as in production. ``--without-receivers``
disconnects them, to measure the import's own work. ``ANALYZE`` runs after the setup, between the imports and every
minute during them (``--analyze-every``), standing in for autovacuum, which is off on the project's test machines.
"""

import argparse
import contextlib
import sys
import tempfile
import threading
from pathlib import Path

import _common as bench

SETUP_TREE = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
import django
django.setup()
from django.db import transaction
from portal.structures.models import Structure
import sys
sys.path.insert(0, "benchmarks")
from _common import ACADEMIES, uai_code

number = 0
with transaction.atomic():
    ministry = Structure.objects.create(name="Ministère de l'Éducation nationale")
    for academy in ACADEMIES:
        academy_node = Structure.objects.create(name=f"Académie de {academy}", parent=ministry)
        for district in range(1, 5):
            district_node = Structure.objects.create(name=f"DSDEN {academy} {district}", parent=academy_node)
            for school in range(1, 26):
                Structure.objects.create(
                    name=f"Établissement {school} ({academy} {district})",
                    parent=district_node,
                    external_code=uai_code(number),
                )
                number += 1
print(number)
"""
SCHOOLS = 30 * 4 * 25
# ``manage.py import_users`` with the feature apps' receivers of the users signals disconnected.
IMPORT_WITHOUT_RECEIVERS = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
import django
django.setup()
from django.core.management import call_command
from django.core.management.base import CommandError
from portal.users import signals
for signal in (signals.users_created, signals.users_structure_changed):
    signal.receivers.clear()
    signal.sender_receivers_cache.clear()
try:
    call_command("import_users", *sys.argv[1:])
except CommandError as error:
    print(f"CommandError: {error}", file=sys.stderr)
    sys.exit(error.returncode)
"""


def changed(rows, ratio, codes, seed=11):
    """Yield the same people, about ``ratio`` of them changed (new last name, e-mail domain or school)."""
    import random

    rng = random.Random(seed)
    for row in rows:
        if rng.random() < ratio:
            row = dict(row)
            kind = rng.randrange(3)
            if kind == 0:
                row["last_name"] = row["last_name"] + "-Durand"
            elif kind == 1:
                row["email"] = row["email"].split("@")[0] + "@education.gouv.fr"
            else:
                row["structure"] = codes[rng.randrange(len(codes))]
        yield row


def people(rows, bad_ratio):
    codes = [bench.uai_code(number) for number in range(SCHOOLS)]
    return bench.spoil(bench.french_people(rows, codes), bad_ratio), codes


def summary_line(run):
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    return lines[-1] if lines else run.stderr.strip().splitlines()[-1]


def report(label, run, rows):
    rate = rows / run.seconds if run.seconds else 0
    print(
        f"{label:<34} {run.seconds:8.1f} s {rate:10,.0f} rows/s   peak RSS {run.peak_rss_mib:6.0f} MiB"
        f"   exit {run.returncode}   {summary_line(run)}"
    )


def count_users(database_url):
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM users_user").fetchone()[0]


def analyze(database_url):
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("ANALYZE")


@contextlib.contextmanager
def analyzing_every(database_url, seconds):
    """Run ``ANALYZE`` every ``seconds`` in a thread, as autovacuum does in production (off on the test machines):
    without it, the tables the receivers fill keep the statistics of an empty table and their plans go wrong."""
    stop = threading.Event()

    def loop():
        while not stop.wait(seconds):
            analyze(database_url)

    thread = threading.Thread(target=loop, daemon=True)
    if seconds:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        if seconds:
            thread.join()


def import_users(path, extra, url, without_receivers):
    if without_receivers:
        args = [bench.PYTHON, "-c", IMPORT_WITHOUT_RECEIVERS, str(path), *extra]
        return bench.run_process(args, env=bench.django_env(url))
    return bench.manage("import_users", str(path), *extra, database_url=url, check=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--bad-ratio", type=float, default=0.001, help="share of bad rows (default 0.001)")
    parser.add_argument("--changed-ratio", type=float, default=0.1, help="share changed in the third file")
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--database", default="portal_bench_import")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--analyze-every", type=int, default=60, help="seconds between ANALYZE runs during an import (0: never)"
    )
    parser.add_argument(
        "--without-receivers", action="store_true", help="disconnect the feature apps' receivers of the users signals"
    )
    args = parser.parse_args()

    database_url = bench.start("import_users benchmark")
    extra = ["--no-progress"] + (["--batch-size", str(args.batch_size)] if args.batch_size else [])

    with (
        tempfile.TemporaryDirectory(prefix="bench-import-") as workdir,
        bench.scratch_postgres_database(database_url, args.database, keep=args.keep_db) as url,
    ):
        bench.manage("migrate", "--noinput", database_url=url)
        tree = bench.run_process([bench.PYTHON, "-c", SETUP_TREE], env=bench.django_env(url))
        if tree.returncode != 0:
            sys.exit(tree.stderr)
        first_file, changed_file, empty_file = (Path(workdir) / name for name in ("a.csv", "b.csv", "empty.csv"))
        timer = bench.Timer()
        with timer.measure():
            rows, codes = people(args.rows, args.bad_ratio)
            count = bench.write_import_csv(first_file, rows)
            rows, _codes = people(args.rows, args.bad_ratio)
            bench.write_import_csv(changed_file, changed(rows, args.changed_ratio, codes))
        bench.write_import_csv(empty_file, [])
        size_mib = first_file.stat().st_size / 1024 / 1024
        print(f"  {count:,} rows ({size_mib:.0f} MiB) and the changed copy written in {timer.seconds:.1f} s")
        print(f"  tree: {tree.stdout.strip()} schools with UAI codes; batch size: {args.batch_size or 'default'}")
        print(f"  receivers of the users signals: {'disconnected' if args.without_receivers else 'connected'}")
        analyze(url)
        print()

        runs = [
            ("empty file (Django's footprint)", empty_file, 0),
            ("1. first import", first_file, count),
            ("2. re-import, nothing changed", first_file, count),
            (f"3. {args.changed_ratio:.0%} of the people changed", changed_file, count),
        ]
        for label, path, rows_in_file in runs:
            with analyzing_every(url, args.analyze_every):
                run = import_users(path, extra, url, args.without_receivers)
            if run.returncode not in (0, 1):
                sys.exit(f"{label}: import failed ({run.returncode}):\n{run.stderr[-3000:]}")
            report(label, run, rows_in_file)
            analyze(url)
        print()
        print(f"  users in the database: {count_users(url):,}")


if __name__ == "__main__":
    main()
