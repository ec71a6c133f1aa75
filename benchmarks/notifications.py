"""Benchmark of notifications and information messages on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/notifications.py

It creates its own database (``portal_bench_notifications``, dropped at the end unless ``--keep-db``), migrates it,
creates N people (10,000 by default) in one school of a small tree, then measures:
1. ``notify`` to all of them (a group broadcast): wall time and SQL statements (target: one INSERT, under 2 s);
2. the notifications page of a person with 10 and with 5,000 notifications (time and queries: the same count);
3. the informations page with 1 and with 300 visible messages;
4. the purge of the expired notifications (one DELETE).
Medians of several runs are printed; the machine is noisy, so compare the ratios.
"""

from _django_bench import median_of, run_benchmark

RUNS = 5


def run(people):
    from datetime import timedelta

    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from portal.notifications.factories import InformationMessageFactory
    from portal.notifications.models import InformationMessage, Notification
    from portal.notifications.services import notify, purge_expired_notifications
    from portal.structures.models import Structure
    from portal.users.models import User

    academie = Structure.objects.create(name="Académie de Lyon")
    school = Structure.objects.create(
        name="Lycée Ampère", parent=Structure.objects.create(name="Rhône", parent=academie)
    )
    User.objects.bulk_create(
        User(username=f"person{index}", email=f"person{index}@ac-lyon.fr", is_active=True, structure=school)
        for index in range(people)
    )
    ids = list(User.objects.values_list("pk", flat=True))
    print(f"  {people:,} people in one school\n")

    # 1. A broadcast to everyone.
    ms, queries = median_of(RUNS, lambda: notify(ids, "group", "Message au groupe", text="Bonjour à tous"))
    print(f"broadcast to {people:,} people (notify, list of ids): median {ms:,.0f} ms, {queries} SQL statement(s)")
    members = User.objects.filter(structure=school).values("pk")
    ms, queries = median_of(RUNS, lambda: notify(members, "group", "Message au groupe"))
    print(f"broadcast to {people:,} people (notify, queryset):   median {ms:,.0f} ms, {queries} SQL statement(s)")
    Notification.objects.all().delete()

    # 2. The notifications page, few and many rows.
    reader = User.objects.get(username="person0")
    client = Client()
    client.force_login(reader)
    client.get(reverse("notifications"))  # site settings cache
    for count in (10, 5_000):
        Notification.objects.filter(user=reader).delete()
        Notification.objects.bulk_create(
            Notification(user=reader, kind="message", title=f"Notification {index}", read=index % 2 == 0)
            for index in range(count)
        )
        page = {"page": 2 if count > 20 else 1}
        ms, queries = median_of(RUNS * 2, lambda page=page: client.get(reverse("notifications"), page))
        print(f"notifications page, {count:>5,} notifications: median {ms:6.1f} ms, {queries} queries")

    # 3. The informations page, few and many messages.
    for count in (1, 300):
        InformationMessageFactory.create_batch(count // 2 or 1)
        InformationMessageFactory.create_batch(count // 2, structure=academie)
        ms, queries = median_of(RUNS * 2, lambda: client.get(reverse("informations")))
        visible = (count // 2 or 1) + count // 2
        print(f"informations page, {visible:>3} messages:        median {ms:6.1f} ms, {queries} queries")
        InformationMessage.objects.all().delete()

    # 4. The purge.
    Notification.objects.all().delete()
    notify(ids, "group", "Ancien message")
    Notification.objects.update(expires_at=timezone.now() - timedelta(days=1))
    ms, queries = median_of(1, purge_expired_notifications)
    print(f"\npurge of {people:,} expired notifications: {ms:,.0f} ms, {queries} SQL statement(s)")


if __name__ == "__main__":
    run_benchmark("notifications benchmark", __doc__.split("\n\n")[0], "portal_bench_notifications", run)
