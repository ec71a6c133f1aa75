"""Benchmark of the agenda on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/agenda.py [--events 20000]

It creates its own database (``portal_bench_agenda``, dropped at the end unless ``--keep-db``), migrates it, then:
1. a reader in 50 groups whose events number ``--events`` (20,000 by default, a quarter of them weekly series),
   spread over a year, the reader a participant of each (through the groups);
2. measures, as ratios to the cheapest page (the month view of a person without events): the reader's month view,
   the list API for a month window, and a personal ICS feed of 5,000 events; with their SQL statement counts, at
   two data sizes for the month view and the API (the counts must not change);
3. invites a group of ``--people`` members (10,000 by default) with ``create_event``: the time until the commit
   (what the page waits for; target under 1 s) and the number of invitation batches queued for Celery.
Medians of several runs are printed; the machine is shared, so compare the ratios.
"""

import os
import sys

from _django_bench import median_of, run_benchmark

RUNS = 5
GROUPS = 50
EVENTS = 20_000


def _events(count, groups, organiser, start_index=0):
    """``count`` events over a year from 2026-01-05, a quarter of them weekly series (bulk rows, no invitation)."""
    from datetime import UTC, datetime, timedelta

    from agenda.models import Event

    base = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
    rows = []
    for index in range(start_index, start_index + count):
        start = base + timedelta(days=(index * 7) % 365, hours=index % 10)
        recurring = index % 4 == 0
        rows.append(
            Event(
                organiser=organiser,
                title=f"Événement {index}",
                start=start,
                end=start + timedelta(hours=1),
                rrule="FREQ=WEEKLY;COUNT=20" if recurring else "",
                series_end=start + timedelta(weeks=19, hours=1) if recurring else start + timedelta(hours=1),
            )
        )
    created = Event.objects.bulk_create(rows, batch_size=2000)
    through = Event.groups.through
    through.objects.bulk_create(
        [
            through(event_id=event.pk, group_id=groups[position % len(groups)].pk)
            for position, event in enumerate(created)
        ],
        batch_size=5000,
    )
    return created


def _participants(events, users):
    from agenda.models import Participant

    Participant.objects.bulk_create(
        [
            Participant(event_id=event.pk, user_id=user.pk, direct=False, via_group=True)
            for event in events
            for user in users
        ],
        batch_size=5000,
    )


def run(people):
    import time

    from django.conf import settings
    from django.db import transaction
    from django.test import Client

    from agenda.services import create_event
    from groups.models import Group, Membership
    from portal.structures.models import Structure
    from portal.users.models import User

    events_total = EVENTS
    school = Structure.objects.create(name="Lycée Ampère", parent=Structure.objects.create(name="Académie de Lyon"))
    reader, empty, organiser, feed_reader = (
        User.objects.create(username=name, email=f"{name}@ac-lyon.fr", is_active=True, structure=school)
        for name in ("lecteur", "vide", "organisateur", "abonne")
    )
    groups = [Group.objects.create(name=f"Groupe {index}", slug=f"groupe-{index}") for index in range(GROUPS)]
    Membership.objects.bulk_create(
        [Membership(user=user, group=group, role="member") for group in groups for user in (reader, organiser)]
    )
    client = Client()

    def page(user, path, params=None):
        client.force_login(user)
        client.get(path, params or {})  # warm the caches (site settings, session)
        return median_of(RUNS, lambda: client.get(path, params or {}))

    month = ("/agenda/month/", {"month": "2026-03"})
    api = ("/api/v1/events/", {"start": "2026-03-01", "end": "2026-04-01"})
    cheapest_ms, cheapest_queries = page(empty, *month)
    print(f"cheapest page (month view, no event): {cheapest_ms:.1f} ms, {cheapest_queries} queries\n")

    done = 0
    for size in (events_total // 10, events_total):
        started = time.perf_counter()
        created = _events(size - done, groups, organiser, done)
        _participants(created, [reader])
        done = size
        print(f"{size:,} events in the reader's agenda (setup {time.perf_counter() - started:.0f} s)")
        for label, (path, params) in (("month view", month), ("list API, one month", api)):
            ms, queries = page(reader, path, params)
            print(f"  {label:<22} {ms:8.1f} ms  x{ms / cheapest_ms:5.1f}  {queries} queries")

    from agenda.models import Event
    from agenda.services.feeds import feed_token

    feed_events = list(Event.objects.filter(parent__isnull=True).order_by("pk")[:5000])
    _participants(feed_events, [feed_reader])
    token = feed_token(feed_reader).token
    ms, queries = page(feed_reader, f"/agenda/ics/{token}.ics")
    size = len(client.get(f"/agenda/ics/{token}.ics").content)
    print(
        f"\npersonal ICS feed, 5,000 events: {ms:,.0f} ms  x{ms / cheapest_ms:.1f}  {queries} queries, {size:,} bytes"
    )

    # Inviting a big group: the page waits for the transaction; the e-mails are queued in batches for Celery.
    big = Group.objects.create(name="Grand groupe", slug="grand-groupe")
    members = User.objects.bulk_create(
        User(username=f"membre{index}", email=f"membre{index}@ac-lyon.fr", is_active=True, structure=school)
        for index in range(people)
    )
    Membership.objects.bulk_create([Membership(user=user, group=big, role="member") for user in [organiser, *members]])
    from agenda.tasks import send_invitations

    published = []
    send_invitations.apply_async = lambda *args, **kwargs: published.append(kwargs)  # count, do not send
    try:
        started = time.perf_counter()
        with transaction.atomic():
            create_event(
                organiser=organiser,
                title="Assemblée générale",
                start="2026-06-02T17:00:00",
                end="2026-06-02T19:00:00",
                group_ids=[big.pk],
            )
        elapsed = time.perf_counter() - started
    finally:
        del send_invitations.apply_async
    batches = len(published)
    print(
        f"\ninviting a group of {people:,} members: {elapsed * 1000:,.0f} ms until the commit; "
        f"{batches} invitation batches of {settings.AGENDA_INVITATION_BATCH_SIZE} queued for Celery"
    )


if __name__ == "__main__":
    if "--events" in sys.argv:
        position = sys.argv.index("--events")
        EVENTS = int(sys.argv[position + 1])
        del sys.argv[position : position + 2]
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    run_benchmark("agenda benchmark", __doc__.split("\n\n")[0], "portal_bench_agenda", run)
