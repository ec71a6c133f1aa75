"""The newcomer's journey of the issue: a date poll for a group with three dates × two times, answered by two
members and a public respondent, closed on the best option, which becomes an agenda event with the public
respondent invited by e-mail (ICS). And a confirmed meeting slot becomes an event of the owner's."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from agenda.models import Event
from polls import meetings, services
from polls.models import Poll
from polls.options import date_options

pytestmark = pytest.mark.django_db


def _day(days):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_a_closed_date_poll_becomes_an_agenda_event(client, people, council, django_capture_on_commit_callbacks):
    options = date_options(
        [_day(3), _day(4), _day(5)], ["09:00", "14:00"], duration_minutes=60, time_zone="Europe/Paris"
    )
    poll = services.create_poll(people.owner, title="Conseil", options=options, group_ids=[council.pk], is_public=True)
    poll = services.open_poll(people.owner, poll)
    best, other = list(poll.options.order_by("start"))[:2]
    services.submit_answer(poll, user=people.member, votes={best.pk: "yes", other.pk: "yes"})
    services.submit_answer(poll, user=people.member2, votes={best.pk: "maybe"})
    client.post(
        reverse("polls:public", args=[poll.public_token]),
        {"do": "answer", "name": "Paul Parent", "email": "paul.parent@example.org", f"vote_{best.pk}": "yes"},
    )
    client.force_login(people.owner)
    page = client.get(reverse("polls:detail", args=[poll.pk]))
    assert [option.pk for option in page.context["results"]["options"] if option.best] == [best.pk]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("polls:action", args=[poll.pk, "close"]), {"option": best.pk})
    poll.refresh_from_db()
    assert poll.state == Poll.State.CLOSED and poll.event_id
    event = Event.objects.get(pk=poll.event_id)
    assert event.organiser == people.owner and event.start == best.start and event.end == best.end
    attendees = {row.user_id or row.email for row in event.participants.all()}
    assert {people.owner.pk, people.member.pk, people.member2.pk, "paul.parent@example.org"} <= attendees
    guest_mail = next(message for message in mail.outbox if message.to == ["paul.parent@example.org"])
    assert any("text/calendar" in mimetype for _content, mimetype in guest_mail.alternatives) or guest_mail.attachments


def test_a_confirmed_booking_becomes_an_event_of_the_owner(people, meeting_poll):
    booking = meetings.book_slot(meeting_poll, meeting_poll.options.first().pk, user=people.member)
    booking = meetings.confirm_booking(people.owner, meeting_poll, booking)
    event = Event.objects.get(pk=booking.event_id)
    assert event.organiser == people.owner and event.title == "Rendez-vous parents (Marc Membre)"
    assert event.participants.filter(user=people.member).exists()


def test_an_all_day_poll_gives_an_all_day_event(people, council):
    options = date_options([_day(6)], [], duration_minutes=60, time_zone="Europe/Paris", all_day=True)
    poll = services.create_poll(people.owner, title="Sortie", options=options, group_ids=[council.pk], all_day=True)
    poll = services.open_poll(people.owner, poll)
    services.close_poll(people.owner, poll, poll.options.get().pk)
    poll.refresh_from_db()
    event = Event.objects.get(pk=poll.event_id)
    assert event.all_day
