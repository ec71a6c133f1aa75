"""Benchmark of the Nextcloud lookup server at 1,000,000 people, served by gunicorn in production mode.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/lookup.py [--users N]

Targets (issue 6), on a 2-core machine where server, database and load generator share the cores: p99 at most
50 ms with one client, at least 300 requests/s with 8 concurrent clients.

Steps:
1. a database of its own (``portal_bench_lookup``; ``--keep-db`` keeps it, ``--reuse-db`` starts from it), migrated;
   a pool of three Nextcloud instances;
2. N realistic French people (``_lookup_names``: frequent surnames repeat a lot, accents, hyphens, apostrophes,
   particles, a long tail of rare names) written as a CSV in the import format, 30% of them with their Nextcloud
   host, and imported with ``manage.py import_users`` (the pool gives the others an instance); 3% then deactivated;
3. the search's trigram shares measured (``manage.py lookup_refresh_trigrams``, as the daily beat task does);
   gunicorn (``DJANGO_ENV=production``, Redis cache for the rate limit and the shares, loopback allow-list);
4. the query mix of issue 6, drawn from the people (3-letter prefixes, surnames, "first last", "last first",
   accent-free spellings, e-mails, usernames, misses), encoded as Nextcloud encodes them (PHP ``urlencode``);
   a warm-up, then one client, then 8 concurrent clients (processes with keep-alive connections), each phase
   bounded in time; p50/p95/p99 latency and requests/s are printed, overall and per kind of query.
"""

import argparse
import contextlib
import http.client
import multiprocessing
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote_plus

import _common as bench
import _lookup_names as names

from portal.core.text import fold

INSTANCES = ["nc1.apps.example.fr", "nc2.apps.example.fr", "nc3.apps.example.fr"]
KINDS = ["prefix", "surname", "first last", "last first", "accent-free", "e-mail", "username", "miss"]

SETUP_POOL = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
import django
django.setup()
from lookup.models import NextcloudInstance
for host in {instances!r}:
    NextcloudInstance.objects.get_or_create(host=host, defaults={{"url": "https://" + host}})
print(NextcloudInstance.objects.count())
"""


# --- data --------------------------------------------------------------------------------------------------------


def import_rows(count, seed, nclocator_ratio=0.3):
    rng = random.Random(seed + 1)
    for username, first, last, email in names.people(count, seed=seed):
        nclocator = rng.choice(INSTANCES) if rng.random() < nclocator_ratio else ""
        yield {
            "username": username,
            "first_name": first,
            "last_name": last,
            "email": email,
            "nclocator": nclocator,
            "structure": "",
        }


def load(url, args):
    bench.manage("migrate", "--noinput", database_url=url)
    pool = bench.run_process([bench.PYTHON, "-c", SETUP_POOL.format(instances=INSTANCES)], env=bench.django_env(url))
    if pool.returncode != 0:
        sys.exit(pool.stderr)
    with tempfile.TemporaryDirectory(prefix="bench-lookup-") as workdir:
        path = Path(workdir) / "people.csv"
        timer = bench.Timer()
        with timer.measure():
            written = bench.write_import_csv(path, import_rows(args.users, args.seed))
        print(f"  {written:,} people written to CSV in {timer.seconds:.1f} s")
        run = bench.manage("import_users", str(path), "--no-progress", database_url=url, check=False)
        if run.returncode != 0:
            sys.exit(f"import_users failed ({run.returncode}):\n{run.stderr[-3000:]}")
        print(f"  imported with manage.py import_users in {run.seconds:.1f} s ({written / run.seconds:,.0f} rows/s)")
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE users_user SET is_active = false WHERE id % 33 = 0")
        conn.execute("VACUUM ANALYZE users_user")


def describe(url):
    import psycopg

    with psycopg.connect(url) as conn:
        total, published, assigned = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE is_active AND nclocator <> ''), "
            "count(*) FILTER (WHERE nclocator <> '') FROM users_user"
        ).fetchone()
        pool = conn.execute("SELECT host, user_count FROM lookup_nextcloudinstance ORDER BY host").fetchall()
        sizes = conn.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('users_user')), "
            "pg_size_pretty(pg_relation_size('lookup_user_search_trgm'))"
        ).fetchone()
    print(f"  people: {total:,}, published: {published:,}, with an instance: {assigned:,}")
    print("  pool: " + ", ".join(f"{host} {count:,}" for host, count in pool))
    print(f"  users_user with its indexes: {sizes[0]}; trigram index: {sizes[1]}")
    return total


# --- queries -----------------------------------------------------------------------------------------------------


def query_mix(count, seed, sample_from):
    """``count`` (kind, path) pairs, the kinds in equal shares, drawn from the people of the directory."""
    rng = random.Random(seed + 2)
    people = list(names.people(sample_from, seed=seed))
    accented = [person for person in people if fold(person[1] + person[2]) != (person[1] + person[2]).lower()]
    queries = []
    for index in range(count):
        kind = KINDS[index % len(KINDS)]
        username, first, last, email = rng.choice(accented if kind == "accent-free" else people)
        term = {
            "prefix": (last if rng.random() < 0.6 else first)[:3],
            "surname": last,
            "first last": f"{first} {last}",
            "last first": f"{last} {first}",
            "accent-free": fold(f"{first} {last}"),
            "e-mail": email,
            "username": username,
            "miss": "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randrange(4, 9))),
        }[kind]
        queries.append((kind, "/lookup/users?search=" + quote_plus(term)))
    rng.shuffle(queries)
    return queries


def client(queries, deadline, port, results, start_at):
    """One client: a keep-alive connection, requests back to back until ``deadline``; (kind, ms, status) sent back."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    measures = []
    while time.time() < start_at:
        time.sleep(0.001)
    index = 0
    while time.time() < deadline:
        kind, path = queries[index % len(queries)]
        index += 1
        began = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            status = 0
        measures.append((kind, (time.perf_counter() - began) * 1000, status, path))
    connection.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    results.put((measures, usage.ru_utime + usage.ru_stime))


def run_phase(queries, clients, seconds, port):
    results = multiprocessing.Queue()
    start_at = time.time() + 0.5
    deadline = start_at + seconds
    workers = []
    for number in range(clients):
        share = queries[number::clients] or queries
        workers.append(multiprocessing.Process(target=client, args=(share, deadline, port, results, start_at)))
    for worker in workers:
        worker.start()
    measures, client_cpu = [], 0.0
    for _ in workers:
        worker_measures, cpu = results.get()
        measures += worker_measures
        client_cpu += cpu
    for worker in workers:
        worker.join()
    return measures, seconds, client_cpu


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(label, measures, seconds):
    latencies = [ms for _kind, ms, status, _path in measures if status == 200]
    errors = sum(1 for _kind, _ms, status, _path in measures if status != 200)
    print(
        f"  {label:<22} {len(measures):7,} requests  {len(measures) / seconds:7.1f} req/s   "
        f"p50 {percentile(latencies, 0.5):6.1f} ms  p95 {percentile(latencies, 0.95):6.1f} ms  "
        f"p99 {percentile(latencies, 0.99):6.1f} ms  max {max(latencies):7.1f} ms   errors {errors}"
    )
    return percentile(latencies, 0.99), len(measures) / seconds


def report_slowest(measures, count=5):
    slowest = sorted(measures, key=lambda measure: -measure[1])[:count]
    print(
        "    slowest: " + "; ".join(f"{path.split('=', 1)[1]} ({kind}) {ms:.0f} ms" for kind, ms, _s, path in slowest)
    )


def report_kinds(measures):
    for kind in KINDS:
        latencies = [ms for k, ms, status, _path in measures if k == kind and status == 200]
        if latencies:
            print(
                f"    {kind:<12} {len(latencies):6,}  p50 {statistics.median(latencies):6.1f} ms  "
                f"p95 {percentile(latencies, 0.95):6.1f} ms  p99 {percentile(latencies, 0.99):6.1f} ms"
            )


# --- server ------------------------------------------------------------------------------------------------------


def cpu_seconds(pids) -> dict[int, float]:
    """User + system CPU time of each of these processes, from /proc (clock ticks)."""
    ticks = os.sysconf("SC_CLK_TCK")
    times = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        times[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return times


def server_pids(server, url):
    """gunicorn's master and workers, and the PostgreSQL backends connected to the benchmark's database."""
    import psycopg

    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    with psycopg.connect(url) as conn:
        backends = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return {"app": [server.pid, *map(int, children)], "database": [pid for (pid,) in backends]}


def measured_phase(queries, clients, seconds, port, server, url):
    """A phase with the CPU it cost: the app (gunicorn), the database backends, the clients.

    Per process: after minus before (a process started during the phase counts from 0). The server keeps its
    database connections for the whole run (``DB_CONN_MAX_AGE``), so no backend's time is lost.
    """
    before = {part: cpu_seconds(pids) for part, pids in server_pids(server, url).items()}
    measures, seconds, client_cpu = run_phase(queries, clients, seconds, port)
    cpu = {}
    for part, pids in server_pids(server, url).items():
        after = cpu_seconds(pids)
        cpu[part] = sum(value - before[part].get(pid, 0.0) for pid, value in after.items())
    cpu["clients"] = client_cpu
    return measures, seconds, cpu


def report_cpu(measures, cpu):
    count = len(measures) or 1
    per_request = {part: seconds * 1000 / count for part, seconds in cpu.items()}
    total = sum(per_request.values())
    print(
        "    CPU per request: "
        + ", ".join(f"{part} {ms:.2f} ms" for part, ms in per_request.items())
        + f"; total {total:.2f} ms -> {2000 / total:.0f} req/s on 2 free cores"
    )


def start_server(url, args):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "LOOKUP_"))}
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY="bench-" + os.urandom(16).hex(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=url,
        REDIS_URL=args.redis_url,
        EMAIL_URL="smtp://localhost:25",
        SECURE_SSL_REDIRECT="false",  # plain http on loopback; behind the ingress in real life
        LOOKUP_ALLOWED_NETWORKS="127.0.0.0/8",
        LOOKUP_RATE_LIMIT="100000000/minute",  # counted (a Redis INCR per request) but never reached
        LOG_LEVEL="WARNING",
        DB_CONN_MAX_AGE="3600",  # one connection per gunicorn thread for the whole run
    )
    command = [
        str(Path(bench.PYTHON).parent / "gunicorn"),
        "portal.wsgi",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(args.threads),
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=bench.ROOT, env=env, start_new_session=True)
    for _ in range(100):
        time.sleep(0.2)
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped (exit {server.returncode}): is port {args.port} free?")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
            connection.request("GET", "/lookup/status")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            continue
    stop_server(server)
    sys.exit("gunicorn did not answer /lookup/status")


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


# --- main --------------------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--database", default="portal_bench_lookup")
    parser.add_argument("--keep-db", action="store_true", help="keep the database for another run")
    parser.add_argument("--reuse-db", action="store_true", help="use the database left by --keep-db as it is")
    parser.add_argument("--seconds", type=float, default=30, help="length of each measured phase")
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
    args = parser.parse_args()
    if not args.port:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]

    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    print("== lookup server benchmark")
    for fact in bench.machine_facts(database_url):
        print("  " + fact)

    if args.reuse_db:
        url = bench.with_database(database_url, args.database)
        database = contextlib.nullcontext(url)
    else:
        database = bench.scratch_postgres_database(database_url, args.database, keep=args.keep_db)
    with database as url:
        if not args.reuse_db:
            load(url, args)
        people = describe(url)
        refresh = bench.run_process(
            [bench.PYTHON, "manage.py", "lookup_refresh_trigrams"], env=bench.django_env(url, REDIS_URL=args.redis_url)
        )
        if refresh.returncode != 0:
            sys.exit(refresh.stderr)
        print(f"  trigram shares for the search: {refresh.stdout.strip()} ({refresh.seconds:.1f} s)")
        queries = query_mix(40_000, args.seed, min(people, args.users))
        server = start_server(url, args)
        try:
            print(f"  gunicorn: {args.workers} workers x {args.threads} threads; phases of {args.seconds:.0f} s")
            print()
            run_phase(queries, args.clients, args.warmup, args.port)  # warm-up: caches, connections
            single, seconds, cpu = measured_phase(queries, 1, args.seconds, args.port, server, url)
            single_p99, _rate = report("1 client", single, seconds)
            report_cpu(single, cpu)
            report_kinds(single)
            report_slowest(single)
            many, seconds, cpu = measured_phase(queries, args.clients, args.seconds, args.port, server, url)
            _p99, many_rate = report(f"{args.clients} clients", many, seconds)
            report_cpu(many, cpu)
            report_kinds(many)
        finally:
            stop_server(server)
        print()
        print(f"  target p99 <= 50 ms with 1 client: {single_p99:.1f} ms ({'met' if single_p99 <= 50 else 'MISSED'})")
        print(
            f"  target >= 300 req/s with {args.clients} clients: {many_rate:.0f} req/s "
            f"({'met' if many_rate >= 300 else 'MISSED'})"
        )
        print(f"  load average at the end: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
