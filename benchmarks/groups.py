"""Benchmark of the groups on PostgreSQL: automatic structure groups, broadcast, group page, directory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/groups.py

It creates its own database (``portal_bench_groups``, dropped at the end unless ``--keep-db``), migrates it, builds
a tree (two académies, districts, schools) and N people (10,000 by default) in the schools of the first académie,
then measures:
1. the first sync of the structure groups of N people (membership of their school, district and académie);
2. moving the N people to a school of the other académie and back (``users.services.set_structure``: the structure
   groups follow through the ``users_structure_changed`` signal);
3. moving a whole district (half of the people) under the other académie (``structure_moved``);
4. "add all the members of another group" from the académie's group into a project group (one INSERT);
5. a broadcast to that N-member group (one INSERT; target: under 2 s);
6. the group page (address book) of the N-member group against a 10-member group (same order of time and the same
   number of queries), and its bookmarks tab; then of a 100,000-member group (people added up to 100,000);
7. the directory with 20 and with 2,000 visible groups.
Medians of several runs are printed; the machine is noisy, so compare the ratios.
"""

import time

from _django_bench import median_of, run_benchmark

RUNS = 5


def build_tree():
    from portal.structures.models import Structure

    lyon = Structure.objects.create(name="Académie de Lyon")
    grenoble = Structure.objects.create(name="Académie de Grenoble")
    districts = [Structure.objects.create(name=f"DSDEN {index}", parent=lyon) for index in range(2)]
    schools = [
        Structure.objects.create(name=f"Lycée {district.pk}-{index}", parent=district)
        for district in districts
        for index in range(10)
    ]
    isere = Structure.objects.create(name="DSDEN de l'Isère", parent=grenoble)
    champollion = Structure.objects.create(name="Lycée Champollion", parent=isere)
    return lyon, grenoble, districts, schools, champollion


def add_people(count, schools, prefix, last_name):
    """``count`` active people spread over ``schools`` (``last_name`` a format taking ``index``), in bulk."""
    from portal.users.models import User

    User.objects.bulk_create(
        (
            User(
                username=f"{prefix}{index}",
                first_name=f"Prénom{index}",
                last_name=last_name.format(index=index),
                email=f"{prefix}{index}@ac-lyon.fr",
                is_active=True,
                structure=schools[index % len(schools)],
            )
            for index in range(max(count, 0))
        ),
        batch_size=5_000,
    )


def run(people):
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from groups import services
    from groups.models import Group, GroupBookmark, Membership
    from portal.notifications.models import Notification
    from portal.users import services as user_services
    from portal.users.models import User

    lyon, grenoble, districts, schools, champollion = build_tree()
    add_people(people, schools, "person", "Nom{index:05d}")
    ids = list(User.objects.values_list("pk", flat=True))
    print(f"  {people:,} people in {len(schools)} schools of 2 districts of one académie\n")

    # 1. First sync (e.g. after a bulk import): 3 memberships per person.
    ms, queries = median_of(1, lambda: services.sync_automatic_memberships(ids))
    rows = Membership.objects.count()
    print(f"first sync of {people:,} people: {ms:,.0f} ms, {queries} SQL statements, {rows:,} memberships created")

    # 2. Everyone changes académie, and back: 2 groups left, 2 joined per person each way. The groups' share of the
    # time is measured apart: other apps also follow users_structure_changed (default personal spaces...).
    homes = dict(User.objects.values_list("pk", "structure_id"))
    share = {"seconds": 0.0}
    sync = services.sync_automatic_memberships

    def timed_sync(user_ids):
        start = time.perf_counter()
        try:
            return sync(user_ids)
        finally:
            share["seconds"] += time.perf_counter() - start

    services.sync_automatic_memberships = timed_sync

    def move_away():
        user_services.set_structure(ids, champollion)

    def move_back():
        for structure in schools:
            user_services.set_structure([pk for pk, home in homes.items() if home == structure.pk], structure)

    ms_away, queries_away = median_of(1, move_away)
    away_share, share["seconds"] = share["seconds"] * 1000, 0.0
    ms_back, queries_back = median_of(1, move_back)
    back_share, share["seconds"] = share["seconds"] * 1000, 0.0
    assert Membership.objects.filter(group__structure=lyon).count() == people
    print(
        f"moving {people:,} people to another académie: {ms_away:,.0f} ms in all, {away_share:,.0f} ms of it for the "
        f"structure groups, {queries_away} SQL statements (one set_structure call)\n"
        f"moving them back to their {len(schools)} schools: {ms_back:,.0f} ms in all, {back_share:,.0f} ms for the "
        f"structure groups, {queries_back} SQL statements ({len(schools)} set_structure calls)"
    )

    # 3. A district (half of the people) moves under the other académie, and back.
    district = districts[0]

    def move_district(parent):
        district.parent = parent
        district.save()

    ms_there, queries_there = median_of(1, lambda: move_district(grenoble))
    moved = Membership.objects.filter(group__structure=grenoble).count()
    ms_home, _ = median_of(1, lambda: move_district(lyon))
    services.sync_automatic_memberships = sync
    print(
        f"moving a district of {moved:,} people under the other académie: {ms_there:,.0f} ms, {queries_there} SQL "
        f"statements; and back: {ms_home:,.0f} ms"
    )

    # 4. A project group gets every member of the académie's group in one action.
    admin = User.objects.get(username="person0")
    project = services.create_group(admin, name="Projet académique", type="closed")
    academie_group = Group.objects.get(structure=lyon)
    Membership.objects.filter(group=academie_group, user=admin).update(role=Membership.Role.ADMIN)

    def reset_project():
        Membership.objects.filter(group=project).exclude(user=admin).delete()
        Notification.objects.all().delete()

    ms, queries = median_of(
        RUNS, lambda: services.add_members_from_group(admin, project, academie_group), setup=reset_project
    )
    size = Membership.objects.filter(group=project).count()
    print(
        f"add all {size - 1:,} members of the académie's group to a group: median {ms:,.0f} ms, {queries} SQL statements"
    )

    # 5. A broadcast to the N-member group.
    Notification.objects.all().delete()
    ms, queries = median_of(
        RUNS,
        lambda: services.broadcast_to_group(admin, project, "Réunion", "Jeudi à 17 h"),
        setup=lambda: Notification.objects.all().delete(),
    )
    print(
        f"broadcast to the {size:,}-member group: median {ms:,.0f} ms, {queries} SQL statements "
        f"({Notification.objects.count():,} notifications)"
    )

    # 6. The group page: N members against 10.
    small = services.create_group(admin, name="Petit groupe", type="open")
    Membership.objects.bulk_create(Membership(user_id=pk, group=small, role=Membership.Role.MEMBER) for pk in ids[1:10])
    for group in (small, project):
        GroupBookmark.objects.bulk_create(
            GroupBookmark(group=group, url=f"https://example.fr/{index}", name=f"Lien {index}", author=admin)
            for index in range(40)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum keeps them in production
    client = Client()
    client.force_login(admin)
    client.get(reverse("groups:directory"))  # warm the site settings cache
    results = {}
    for label, group in (("10", small), (f"{size:,}", project)):
        for page in ("", "?page=2", "?q=nom00042"):
            url = group.get_absolute_url() + page
            ms, queries = median_of(RUNS * 2, lambda url=url: client.get(url))
            results[(label, page)] = ms
            print(f"group page ({label:>6} members{page or ''}): median {ms:6.1f} ms, {queries} queries")
        url = reverse("groups:bookmarks", args=[group.slug])
        ms, queries = median_of(RUNS * 2, lambda url=url: client.get(url))
        print(f"bookmarks tab ({label:>6} members):  median {ms:6.1f} ms, {queries} queries")
    ratio = results[(f"{size:,}", "")] / results[("10", "")]
    print(f"group page ratio {size:,} / 10 members: {ratio:.2f}")
    big_group_page(client, admin, small, schools, results[("10", "")])

    # 7. The directory: 20 and 2,000 visible groups.
    for count in (20, 2_000):
        existing = Group.objects.exclude(type=Group.Type.AUTOMATIC).count()
        Group.objects.bulk_create(
            Group(
                name=f"Groupe {index:05d}", slug=f"groupe-{index:05d}", search_name=f"groupe {index:05d}", type="open"
            )
            for index in range(existing, count)
        )
        ms, queries = median_of(RUNS * 2, lambda: client.get(reverse("groups:directory")))
        ms_search, _ = median_of(RUNS * 2, lambda: client.get(reverse("groups:directory"), {"q": "GROUPE 0001"}))
        print(f"directory, {count:>5,} groups: median {ms:6.1f} ms, {queries} queries; search {ms_search:6.1f} ms")


BIG_GROUP = 100_000


def big_group_page(client, admin, small, schools, small_ms):
    """6b. The group page of a 100,000-member group against the same 10-member one (people added as needed)."""
    from django.db import connection

    from groups import services
    from groups.models import Membership
    from portal.users.models import User

    add_people(BIG_GROUP - User.objects.count(), schools, "extra", "Extra{index:06d}")
    big = services.create_group(admin, name="Très grand groupe", type="open")
    table, users = Membership._meta.db_table, User._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, group_id, role, created_at) "  # noqa: S608 - model table names
            f"SELECT id, %s, 'member', now() FROM {users} WHERE id <> %s",
            [big.pk, admin.pk],
        )
        cursor.execute("ANALYZE")
    size = Membership.objects.filter(group=big).count()
    big_ms = {}
    for page in ("", "?page=2", "?page=2000", "?q=nom00042"):
        url = big.get_absolute_url() + page
        ms, queries = median_of(RUNS * 2, lambda url=url: client.get(url))
        big_ms[page] = ms
        print(f"group page ({size:,} members{page or ''}): median {ms:6.1f} ms, {queries} queries")
    ms, queries = median_of(RUNS * 2, lambda: client.get(small.get_absolute_url()))
    print(f"group page (10 members, measured again): median {ms:6.1f} ms, {queries} queries")
    print(f"group page ratio {size:,} / 10 members: {big_ms[''] / ms:.2f} (page 2: {big_ms['?page=2'] / ms:.2f})")


if __name__ == "__main__":
    run_benchmark("groups benchmark", __doc__.split("\n\n")[0], "portal_bench_groups", run)
