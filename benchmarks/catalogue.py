"""Benchmark of the personal space, the catalogue and the structure default spaces on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/catalogue.py

It creates its own database (``portal_bench_catalogue``, dropped at the end unless ``--keep-db``), migrates it,
then measures, in-process through the whole Django stack (middleware, sessions, templates; DEBUG off):
1. "Mon espace" of a person with 200 items (100 services in 4 zones, 100 bookmarks), simple and advanced modes;
2. the catalogue with 500 national services (5 categories), and the same filtered by an accent-free search;
3. the cheapest page of the same server: "Mon espace" of a person whose space is empty (same header, menu and
   footer, no item); the ratio page / cheapest page is the figure to compare between machines;
4. applying a default space (3 zones, 12 services) to 10,000 people: the Celery task's body, in batches.
Medians of several runs are printed with the SQL statements of one run.
"""

import time

import _common as bench
from _django_bench import median_of, run_benchmark

RUNS = 15


def _setup():
    from apps_catalog.models import Category, Service, SpaceItem, SpaceZone, UserBookmark
    from portal.structures.models import Structure
    from portal.users.models import User

    ministry = Structure.objects.create(name="Ministère de l'Éducation nationale")
    academie = Structure.objects.create(name="Académie de Lyon", parent=ministry)
    school = Structure.objects.create(name="Lycée Ampère", parent=academie, external_code="0690026D")
    categories = Category.objects.bulk_create([Category(name=f"Catégorie {i}") for i in range(5)])
    titles = ["Nuage", "Tube", "Pod", "Visio-agents", "Classes virtuelles", "CodiMD", "Portail", "Blog"]
    services = []
    for index in range(500):
        service = Service(
            title=f"{titles[index % len(titles)]} {index:03d}",
            slug=f"service-{index}",
            url=f"https://service{index}.apps.education.fr/",
            description="Un service numérique partagé de l'Éducation nationale.",
            usage="Travailler ensemble",
            team="DNE",
        )
        service.search_text = bench.fold(f"{service.title} {service.description} {service.usage}")
        services.append(service)
    services = Service.objects.bulk_create(services)
    through = Service.categories.through
    through.objects.bulk_create(
        [through(service_id=s.pk, category_id=categories[i % 5].pk) for i, s in enumerate(services)]
    )

    busy = User.objects.create(username="prof.occupe", is_active=True, structure=school)
    empty = User.objects.create(username="prof.vide", is_active=True, structure=school)
    zones = SpaceZone.objects.bulk_create([SpaceZone(user=busy, name=f"Zone {i}", position=i) for i in range(4)])
    bookmarks = UserBookmark.objects.bulk_create(
        [UserBookmark(user=busy, name=f"Lien {i}", url=f"https://lien{i}.fr/") for i in range(100)]
    )
    items = [
        SpaceItem(user=busy, zone=zones[i % 4], kind="service", object_id=s.pk, position=i)
        for i, s in enumerate(services[:100])
    ]
    items += [SpaceItem(user=busy, kind="bookmark", object_id=b.pk, position=i) for i, b in enumerate(bookmarks)]
    SpaceItem.objects.bulk_create(items)
    return school, services, busy, empty


def run(people):
    from django.test import Client

    from apps_catalog import services as catalogue_services
    from apps_catalog.models import DefaultSpace, DefaultSpaceApplication, SpaceItem, SpaceZone
    from portal.users.models import User

    school, services, busy, empty = _setup()
    client = Client()

    def page(url, person, params=None):
        client.force_login(person)

        def get():
            response = client.get(url, params or {})
            assert response.status_code == 200, (url, response.status_code)

        get()  # warm the caches (site settings, templates)
        return median_of(RUNS, get)

    results = []
    cheapest = page("/personal/", empty)
    results.append(("cheapest page: Mon espace, empty", cheapest))
    results.append(("Mon espace, 200 items, simple mode", page("/personal/", busy)))
    User.objects.filter(pk=busy.pk).update(advanced_space=True)
    busy.refresh_from_db()
    results.append(("Mon espace, 200 items, advanced mode (zones)", page("/personal/", busy)))
    results.append(("catalogue, 500 services", page("/services/", busy)))
    results.append(("catalogue, 500 services, compact view", page("/services/", busy, {"view": "compact"})))
    results.append(("catalogue, search 'classes virt' (62 hits)", page("/services/", busy, {"q": "classes virt"})))
    results.append(("API GET /api/v1/me/space/, 200 items", page("/api/v1/me/space/", busy)))

    print(f"\n{'page':<48} {'median ms':>10} {'ratio':>7} {'SQL':>5}")
    for label, (milliseconds, statements) in results:
        print(f"{label:<48} {milliseconds:>10.1f} {milliseconds / cheapest[0]:>7.2f} {statements:>5}")

    # --- a default space applied to 10,000 people ---
    User.objects.bulk_create([User(username=f"prof{i:05d}", is_active=True, structure=school) for i in range(people)])
    layout = [
        {
            "name": name,
            "is_expanded": True,
            "items": [{"kind": "service", "id": s.pk} for s in services[z * 4 : z * 4 + 4]],
        }
        for z, name in enumerate(["Travailler ensemble", "Enseigner", "Publier"])
    ]
    default_space = DefaultSpace.objects.create(structure=school, layout=layout)
    print(f"\n== default space (3 zones, 12 services) applied to {people + 2:,} people")
    for batch_size in (1000, 5000):
        application = DefaultSpaceApplication.objects.create(default_space=default_space)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            catalogue_services.run_default_space_application(application.pk, batch_size=batch_size)
            seconds = time.perf_counter() - start
        application.refresh_from_db()
        statements = [q for q in queries if not q["sql"].startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"))]
        print(
            f"batches of {batch_size:>5}: {seconds:6.2f} s, {len(statements)} SQL statements, "
            f"{application.done:,} people, {SpaceZone.objects.count():,} zones, {SpaceItem.objects.count():,} items"
        )


if __name__ == "__main__":
    run_benchmark("catalogue and personal space benchmark", __doc__.split("\n\n")[0], "portal_bench_catalogue", run)
