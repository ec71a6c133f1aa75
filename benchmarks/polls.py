"""Benchmark of the polls on PostgreSQL: the results page and its CSV at 2,000 answers × 60 options, and concurrent
bookings of a meeting poll.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/polls.py [--people 2000]

It creates its own database (``portal_bench_polls``, dropped at the end unless ``--keep-db``), then measures:
1. the cheapest page ("Mes sondages" of a person with one poll) as the reference;
2. the results page (owner's view) and the CSV export of a date poll with 60 options and 20 then N answers (every
   answer votes on every option): the ratio to the cheapest page and the SQL statements, which must not grow;
3. 200 bookings sent at once (20 threads) by different public respondents on a meeting poll of 100 slots, through the
   public JSON API: no slot held twice, every refusal a clean 409.
Medians of several runs are printed; the machine is noisy, so compare the ratios.
"""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

from _django_bench import median_of, run_benchmark

RUNS = 5
OPTIONS = 60


def build_poll(owner, kind="date", options=OPTIONS, **fields):
    from polls.factories import future
    from polls.models import Poll, PollOption

    poll = Poll.objects.create(owner=owner, title=f"Sondage {kind}", kind=kind, state="open", is_public=True, **fields)
    PollOption.objects.bulk_create(
        PollOption(poll=poll, position=index, start=future(days=1 + index // 8, hour=8 + index % 8, minute=0))
        for index in range(options)
    )
    for option in PollOption.objects.filter(poll=poll):
        option.end = option.start.replace(minute=30)
        option.save(update_fields=["end"])
    return poll


def add_answers(poll, people, start, stop):
    from polls.models import Answer, Vote

    options = list(poll.options.values_list("pk", flat=True))
    answers = Answer.objects.bulk_create(
        Answer(poll=poll, user=person, name=f"{person.first_name} {person.last_name}", email=person.email)
        for person in people[start:stop]
    )
    rng = random.Random(start)
    values = ("yes", "maybe", "no")
    Vote.objects.bulk_create(
        (Vote(answer=answer, option_id=option, value=rng.choice(values)) for answer in answers for option in options),
        batch_size=5_000,
    )


def run(people):
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from rest_framework.test import APIClient

    from polls.models import Booking
    from portal.structures.models import Structure
    from portal.users.models import User

    school = Structure.objects.create(name="Lycée du banc d'essai")
    User.objects.bulk_create(
        User(
            username=f"person{index}",
            first_name=f"Prénom{index}",
            last_name=f"Nom{index:05d}",
            email=f"person{index}@ac-lyon.fr",
            is_active=True,
            structure=school,
        )
        for index in range(people + 1)
    )
    everyone = list(User.objects.order_by("pk"))
    owner, respondents = everyone[0], everyone[1:]
    poll = build_poll(owner)
    client = Client()
    client.force_login(owner)
    cheap = reverse("polls:list")
    client.get(cheap)  # warm the site settings cache
    base_ms, base_queries = median_of(RUNS * 2, lambda: client.get(cheap))
    print(f"  {people:,} people; a date poll of {OPTIONS} options\n")
    print(f"cheapest page (Mes sondages, one poll): median {base_ms:6.1f} ms, {base_queries} queries")

    done = 0
    for size in (20, people):
        add_answers(poll, respondents, done, size)
        done = size
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        page = reverse("polls:detail", args=[poll.pk])
        csv_url = reverse("polls:export", args=[poll.pk])
        ms, queries = median_of(RUNS, lambda page=page: client.get(page))
        csv_ms, csv_queries = median_of(RUNS, lambda csv_url=csv_url: client.get(csv_url))
        print(
            f"results page, {size:>5,} answers × {OPTIONS} options: median {ms:7.1f} ms "
            f"(×{ms / base_ms:5.1f} the cheapest page), {queries} queries; "
            f"CSV {csv_ms:7.1f} ms (×{csv_ms / base_ms:5.1f}), {csv_queries} queries"
        )

    # Concurrent bookings: 200 public respondents, 100 slots, 20 at a time.
    meeting = build_poll(owner, kind="meeting", options=100)
    slots = list(meeting.options.values_list("pk", flat=True))
    url = f"/api/v1/polls/public/{meeting.public_token}/book/"
    lock = threading.Lock()
    statuses = {}

    def book(number):
        api = APIClient(REMOTE_ADDR=f"10.{number // 250}.{number % 250}.1")
        slot = random.Random(number).choice(slots)
        try:
            code = api.post(url, {"slot": slot, "name": f"P{number}", "email": f"p{number}@example.org"}, format="json")
            code = code.status_code
        finally:
            connection.close()
        with lock:
            statuses[code] = statuses.get(code, 0) + 1

    import time

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(book, range(200)))
    elapsed = time.perf_counter() - start
    held = Booking.objects.filter(poll=meeting).count()
    distinct = Booking.objects.filter(poll=meeting).values("slot").distinct().count()
    print(
        f"200 concurrent bookings on 100 slots: {elapsed:.1f} s; answers {dict(sorted(statuses.items()))}; "
        f"{held} bookings on {distinct} distinct slots (no slot held twice: {held == distinct})"
    )


if __name__ == "__main__":
    run_benchmark("polls benchmark", __doc__.split("\n\n")[0], "portal_bench_polls", run)
