"""PostgreSQL-only: concurrent bookings of one slot. Two people can never hold the same slot, even at the same
instant; every refusal is a clean 409. Skipped on SQLite (which serialises writes); CI runs PostgreSQL."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from polls import meetings
from polls.factories import AnswerFactory, PollFactory, PollOptionFactory, future
from polls.models import Booking, Poll

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL (CI runs PostgreSQL)"
)


def _race(count, target):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(number):
        try:
            barrier.wait()
            results.append(target(number))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_public_bookings_of_one_slot():
    poll = PollFactory(kind=Poll.Kind.MEETING, is_public=True)
    slot = PollOptionFactory(poll=poll, start=future(days=3, hour=10))

    def book(number):
        client = APIClient(REMOTE_ADDR=f"10.0.0.{number + 1}")
        response = client.post(
            f"/api/v1/polls/public/{poll.public_token}/book/",
            {"slot": slot.pk, "name": f"P{number}", "email": f"p{number}@example.org"},
            format="json",
        )
        return response.status_code

    statuses, errors = _race(12, book)
    assert errors == []
    assert sorted(statuses) == [201] + [409] * 11
    assert Booking.objects.filter(slot=slot).count() == 1
    # the refused bookers left nothing behind (no orphan answer)
    assert poll.answers.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_constraint_alone_refuses_the_second_insert():
    """Past the service's early check (both saw the slot free), the unique constraint decides."""
    poll = PollFactory(kind=Poll.Kind.MEETING, is_public=True)
    slot = PollOptionFactory(poll=poll, start=future(days=3, hour=11))
    answers = [AnswerFactory(poll=poll) for _ in range(6)]

    def insert(number):
        try:
            meetings._insert(poll, slot, answers[number])
            return "booked"
        except meetings.SlotTaken:
            return "taken"

    results, errors = _race(6, insert)
    assert errors == []
    assert sorted(results) == ["booked"] + ["taken"] * 5
