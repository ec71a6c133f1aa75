"""Shared frame of the in-process Django benchmarks (groups, notifications, catalogue).

``run_benchmark(title, database, run)`` parses the common options, prints the machine facts, creates a scratch
PostgreSQL database, migrates it, sets Django up on it and calls ``run(people)``. ``median_of`` times an action.
"""

import argparse
import os
import statistics
import sys
import time

import _common as bench

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")


def median_of(runs, action, setup=None):
    """Median wall time (ms) of ``action()`` and the SQL statements of its last run (transaction control aside)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(runs):
        if setup is not None:
            setup()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            action()
            timings.append((time.perf_counter() - start) * 1000)
    statements = [query for query in queries if not query["sql"].startswith(TRANSACTION_CONTROL)]
    return statistics.median(timings), len(statements)


def run_benchmark(title, description, database, run):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--database", default=database)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    print(f"== {title}")
    for fact in bench.machine_facts(database_url):
        print("  " + fact)

    with bench.scratch_postgres_database(database_url, args.database, keep=args.keep_db) as url:
        bench.manage("migrate", "--noinput", database_url=url)
        os.environ.update(bench.django_env(url))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
        import django

        django.setup()
        run(args.people)
