"""The ministry's scale (issue #20): académies, 5,000 schools and N people imported with ``import_users``, then
every page an académie admin and a teacher use, with its time and SQL count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/ministry_scale.py \
        [--people 1000000] [--schools 5000] [--keep-db] [--reuse]

It creates its own database (``portal_bench_scale``, dropped at the end unless ``--keep-db``; ``--reuse`` measures
the pages of a database kept by an earlier run without building it again), migrates it, builds the tree (the
ministry, 30 académies, 6 districts each, ``--schools`` schools with UAI codes), 40 national services and a default
space on the ministry (every person is governed by it), then imports ``--people`` French staff into the schools with
``manage.py import_users`` (a separate process, every receiver connected, ``ANALYZE`` every minute as autovacuum
would) and prints its time and peak memory. The pages are then requested in-process through the whole Django stack
(DEBUG off) as a global admin, as the admin of one académie and as a teacher of a school of about 200 people:
median of ``--runs`` requests and the SQL statements of one (transaction control aside), with the ratio to the
cheapest page (the teacher's notifications, nearly empty).
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

import _common as bench
from _django_bench import median_of
from import_users import analyze, analyzing_every

DISTRICTS_PER_ACADEMY = 6
SERVICES = 40


def build_tree(schools):
    """The ministry, the académies, their districts and ``schools`` schools (UAI codes); return the UAI codes."""
    from django.db import transaction

    from portal.structures.models import Structure

    codes = []
    with transaction.atomic():
        ministry = Structure.objects.create(name="Ministère de l'Éducation nationale")
        districts = []
        for academy in bench.ACADEMIES:
            node = Structure.objects.create(name=f"Académie de {academy}", parent=ministry)
            for number in range(1, DISTRICTS_PER_ACADEMY + 1):
                districts.append(Structure.objects.create(name=f"DSDEN {academy} {number}", parent=node))
        for number in range(schools):
            district = districts[number % len(districts)]
            kind = ("École", "Collège", "Lycée")[number % 3]
            code = bench.uai_code(number)
            Structure.objects.create(
                name=f"{kind} {bench.SURNAMES[number % len(bench.SURNAMES)]} {number}",
                parent=district,
                external_code=code,
            )
            codes.append(code)
    return ministry, codes


def build_catalogue(ministry):
    """40 national services and a default space of 3 zones on the ministry (so it governs everyone)."""
    from apps_catalog.models import DefaultSpace, Service

    services = Service.objects.bulk_create(
        [
            Service(
                title=f"Service {index:02d}",
                slug=f"service-{index}",
                url=f"https://service{index}.apps.education.fr/",
                description="Un service numérique partagé.",
                search_text=bench.fold(f"Service {index:02d} Un service numérique partagé."),
            )
            for index in range(SERVICES)
        ]
    )
    layout = [
        {
            "name": name,
            "is_expanded": True,
            "items": [{"kind": "service", "id": s.pk} for s in services[z * 4 : z * 4 + 4]],
        }
        for z, name in enumerate(["Travailler ensemble", "Enseigner", "Publier"])
    ]
    DefaultSpace.objects.create(structure=ministry, layout=layout)


def build_people_around(codes):
    """The global admin, the académie admin, 200 accounts waiting for validation and 100 structure requests."""
    from portal.structures.models import Structure
    from portal.users.models import User

    academy = Structure.objects.get(name=f"Académie de {bench.ACADEMIES[0]}")
    User.objects.create(username="admin.national", is_active=True, is_superuser=True, first_name="Ada", last_name="Min")
    academy_admin = User.objects.create(
        username="admin.academie", is_active=True, structure=academy, first_name="Alix", last_name="Rectorat"
    )
    academy.admins.add(academy_admin)
    schools = list(Structure.objects.filter(path__startswith=academy.path, external_code__isnull=False)[:100])
    User.objects.bulk_create(
        [User(username=f"attente.{index}", first_name="Camille", last_name=f"Attente {index}") for index in range(200)]
        + [
            User(username=f"demande.{index}", is_active=True, awaiting_structure=schools[index % len(schools)])
            for index in range(100)
        ]
    )


def build(args, url, workdir):
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    ministry, codes = build_tree(args.schools)
    build_catalogue(ministry)
    build_people_around(codes)
    path = Path(workdir) / "people.csv"
    count = bench.write_import_csv(path, bench.french_people(args.people, codes, no_structure_ratio=0.0))
    print(f"  {count:,} people ({path.stat().st_size / 1024 / 1024:.0f} MiB CSV) into {len(codes):,} schools")
    analyze(url)
    with analyzing_every(url, 60):
        run = bench.manage("import_users", str(path), "--no-progress", database_url=url, check=False)
    if run.returncode not in (0, 1):
        sys.exit(f"import failed ({run.returncode}):\n{run.stderr[-3000:]}")
    analyze(url)
    tail = (run.stdout.strip().splitlines() or [""])[-1]
    print(
        f"  import_users (every receiver): {run.seconds:,.1f} s ({run.seconds / 60:.1f} min), "
        f"{count / run.seconds:,.0f} rows/s, peak RSS {run.peak_rss_mib:.0f} MiB; {tail}"
    )


def table_sizes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relname IN "
            "('users_user', 'groups_membership', 'apps_catalog_spacezone', 'apps_catalog_spaceitem', "
            "'apps_catalog_spacestart') ORDER BY relname"
        )
        return cursor.fetchall()


def pages(runs):
    """(label, person, url) of every page of issue #20."""
    from django.db.models import Count

    from groups.models import Group
    from portal.structures.models import Structure
    from portal.users.models import User

    admin = User.objects.get(username="admin.national")
    academy_admin = User.objects.get(username="admin.academie")
    academy = academy_admin.administered_structures.get()
    school = (
        Structure.objects.filter(path__startswith=academy.path, external_code__isnull=False)
        .annotate(people=Count("users"))
        .order_by("-people", "pk")
        .first()
    )
    teacher = User.objects.filter(structure=school, is_active=True).order_by("pk").first()
    someone = User.objects.filter(structure=school).exclude(pk=teacher.pk).order_by("pk").first()
    other_school = Structure.objects.filter(external_code__isnull=False).order_by("-pk").first()
    academy_group = Group.objects.get(structure=academy, type=Group.Type.AUTOMATIC)
    users, structures = "/admin/users/user/", "/admin/structures/structure/"

    def admin_pages(seen):
        deep_page = max(1, min(500, seen // 50))  # page 500 from 25,000 people on
        return [
            ("admin index", "/admin/"),
            ("users: first page", users),
            (f"users: page {deep_page}", f"{users}?p={deep_page}"),
            ("users: name search 'martin'", f"{users}?q=martin"),
            ("users: exact e-mail search", f"{users}?q={someone.email}"),
            ("users: structure filter (one school)", f"{users}?structure={school.pk}"),
            ("user change page", f"{users}{someone.pk}/change/"),
            ("structures: first page", structures),
            ("structures: name search 'lycee martin'", f"{structures}?q=lycee+martin"),
            ("structures: UAI search", f"{structures}?q={school.external_code}"),
            ("structure change page", f"{structures}{school.pk}/change/"),
            ("pending accounts", f"{users}?status=inactive"),
            ("structure requests", f"{users}?status=requests"),
        ]

    result = []
    in_academy = User.objects.filter(structure__path__startswith=academy.path).count()
    for prefix, person, seen in (
        ("global admin", admin, User.objects.count()),
        ("académie admin", academy_admin, in_academy),
    ):
        result += [(f"{prefix}: {label}", person, url) for label, url in admin_pages(seen)]
    result += [
        ("teacher: Mon espace", teacher, "/personal/"),
        ("teacher: catalogue", teacher, "/services/"),
        ("teacher: Ma structure", teacher, "/structure/"),
        ("teacher: groups directory", teacher, "/groups/"),
        ("teacher: académie group, address book p.1", teacher, f"/groups/{academy_group.slug}/"),
        ("teacher: académie group, search 'martin'", teacher, f"/groups/{academy_group.slug}/?q=martin"),
        ("teacher: notifications", teacher, "/notifications/"),
        ("teacher: profile", teacher, "/profile/"),
        ("teacher: structure choice, search 'lycee'", teacher, "/structure/choose/?q=lycee"),
        ("teacher: structure choice, search 'lycee', p.3", teacher, "/structure/choose/?q=lycee&page=3"),
        ("teacher: structure choice, search a UAI", teacher, f"/structure/choose/?q={other_school.external_code}"),
        ("lookup: search 'martin'", None, "/lookup/users?search=martin"),
    ]
    facts = (
        f"académie: {academy.name} ({in_academy:,} people),"
        f" teacher's school: {school.people} people, académie group members: "
        f"{academy_group.memberships.count():,}"
    )
    return result, facts


def measure(runs):
    from django.test import Client

    rows, facts = pages(runs)
    print(f"  {facts}")
    print(f"  rows after the import: {', '.join(f'{name} {count:,}' for name, count in table_sizes())}")
    client = Client()
    results = []
    teacher = next(person for label, person, _url in rows if label.startswith("teacher"))
    newcomer = (
        type(teacher)
        .objects.filter(structure_id=teacher.structure_id, space_start__isnull=True)
        .exclude(pk=teacher.pk)
        .first()
    )
    if newcomer is not None:  # an imported person arriving: their default space is applied at sign-in
        sign_in = median_of(1, lambda: client.force_login(newcomer))
        print(f"  first sign-in of an imported person (default space applied): {sign_in[0]:.1f} ms, {sign_in[1]} SQL")
    for label, person, url in rows:
        if person is not None:
            client.force_login(person)

        def get(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.get("Location"))

        get()  # warm up (caches, a first visit's work)
        milliseconds, statements = median_of(runs, get)
        results.append((label, milliseconds, statements))
    cheapest = min(ms for label, ms, _sql in results if label.startswith("teacher"))
    print(f"\n{'page':<58} {'median ms':>10} {'ratio':>7} {'SQL':>5}")
    for label, milliseconds, statements in results:
        print(f"{label:<58} {milliseconds:>10.1f} {milliseconds / cheapest:>7.2f} {statements:>5}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--schools", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", default="portal_bench_scale")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="measure the pages of a kept database (no build)")
    args = parser.parse_args()

    database_url = bench.start(f"ministry scale benchmark: {args.people:,} people, {args.schools:,} schools")
    if args.reuse:
        url = bench.with_database(database_url, args.database)
        os.environ.update(bench.django_env(url))
        _setup_django()
        measure(args.runs)
        return
    with (
        tempfile.TemporaryDirectory(prefix="bench-scale-") as workdir,
        bench.scratch_postgres_database(database_url, args.database, keep=args.keep_db) as url,
    ):
        os.environ.update(bench.django_env(url))
        _setup_django()
        build(args, url, workdir)
        measure(args.runs)


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()


if __name__ == "__main__":
    main()
