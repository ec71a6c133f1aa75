"""The poll pages: who sees what, answering as a member and through the public link, the holes of Sondage."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from polls.factories import AnswerFactory, PollFactory, PollOptionFactory, VoteFactory
from polls.models import Answer, Booking, Poll, Vote
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def _votes(poll, value="yes"):
    return {f"vote_{option.pk}": value for option in poll.options.all()}


def test_member_sees_and_answers(client, people, date_poll):
    client.force_login(people.member)
    url = reverse("polls:detail", args=[date_poll.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Conseil de classe" in page.text
    response = client.post(url, {"do": "answer", **_votes(date_poll), "email": "pirate@example.org"})
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert answer.user == people.member and answer.email == people.member.email
    assert Vote.objects.filter(answer=answer, value="yes").count() == 3


def test_outsider_gets_404(client, people, date_poll):
    client.force_login(people.outsider)
    assert client.get(reverse("polls:detail", args=[date_poll.pk])).status_code == 404
    assert client.post(reverse("polls:detail", args=[date_poll.pk]), {"do": "answer"}).status_code == 404


def test_member_cannot_open_close_or_export(client, people, date_poll):
    client.force_login(people.member)
    assert client.get(reverse("polls:export", args=[date_poll.pk])).status_code == 403
    client.post(reverse("polls:action", args=[date_poll.pk, "close"]))
    date_poll.refresh_from_db()
    assert date_poll.state == Poll.State.OPEN


def test_public_respondent_answers_and_comes_back_with_their_link(client, date_poll):
    url = reverse("polls:public", args=[date_poll.public_token])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"do": "answer", "name": "Paul Parent", "email": "paul@example.org", **_votes(date_poll)}
    )
    answer = Answer.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "polls:public_answer", args=[date_poll.public_token, answer.edit_token]
    )
    page = client.get(response.url)
    assert answer.edit_token in page.text
    client.post(
        response.url, {"do": "answer", "name": "Paul P.", "email": "paul@example.org", **_votes(date_poll, "no")}
    )
    answer.refresh_from_db()
    assert answer.name == "Paul P." and not answer.votes.exists()
    client.post(response.url, {"do": "delete_answer"})
    assert not Answer.objects.exists()


def test_public_respondent_must_give_name_and_email(client, date_poll):
    url = reverse("polls:public", args=[date_poll.public_token])
    response = client.post(url, {"do": "answer", "name": "", "email": "nope", **_votes(date_poll)})
    assert response.status_code == 400 and not Answer.objects.exists()


def test_wrong_edit_token_is_404(client, date_poll):
    AnswerFactory(poll=date_poll)
    assert client.get(reverse("polls:public_answer", args=[date_poll.public_token, "wrong"])).status_code == 404


def test_public_link_of_a_non_public_poll_is_404(client, date_poll):
    Poll.objects.filter(pk=date_poll.pk).update(is_public=False)
    assert client.get(reverse("polls:public", args=[date_poll.public_token])).status_code == 404


def test_anonymous_cannot_read_answers_by_id(client, people, date_poll):
    AnswerFactory(poll=date_poll, name="Secret Person", email="secret@example.org")
    response = client.get(reverse("polls:detail", args=[date_poll.pk]))
    assert response.status_code == 302 and "secret" not in response.text


def test_public_page_shows_names_but_never_emails(client, date_poll):
    AnswerFactory(poll=date_poll, name="Visible Name", email="hidden@example.org")
    page = client.get(reverse("polls:public", args=[date_poll.public_token]))
    assert "Visible Name" in page.text and "hidden@example.org" not in page.text


def test_hidden_participants_are_not_shown_to_a_participant(client, people, date_poll):
    Poll.objects.filter(pk=date_poll.pk).update(hide_participants=True)
    AnswerFactory(poll=date_poll, name="Hidden Name", user=people.member2)
    client.force_login(people.member)
    page = client.get(reverse("polls:detail", args=[date_poll.pk]))
    assert page.status_code == 200 and "Hidden Name" not in page.text
    client.force_login(people.owner)
    assert "Hidden Name" in client.get(reverse("polls:detail", args=[date_poll.pk])).text


@override_settings(POLLS_PUBLIC_RATE_LIMIT="2/h")
def test_public_answers_are_rate_limited_per_address(client, date_poll):
    url = reverse("polls:public", args=[date_poll.public_token])
    data = {"do": "answer", "name": "Spam", "email": "spam@example.org"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 429 and "Trop de réponses" in response.text
    assert Answer.objects.count() == 2


def test_csv_export_neutralises_formulas(client, people, date_poll):
    AnswerFactory(poll=date_poll, name='=HYPERLINK("http://evil")', email="a@example.org", comment="+cmd")
    client.force_login(people.owner)
    response = client.get(reverse("polls:export", args=[date_poll.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in body and "'+cmd" in body and "a@example.org" in body


def test_owner_creates_a_draft_then_opens_it(client, people, council):
    client.force_login(people.owner)
    day = lambda n: (timezone.localdate() + dt.timedelta(days=n)).isoformat()  # noqa: E731
    response = client.post(
        reverse("polls:create"),
        {
            "kind": "date",
            "title": "Conseil pédagogique",
            "days": f"{day(3)}\n{day(4)}\n{day(5)}",
            "times": "09:00, 14:00",
            "duration_minutes": "60",
            "time_zone": "Europe/Paris",
            "groups": [str(council.pk)],
            "allow_maybe": "on",
            "max_bookings_per_person": "1",
            "min_notice_hours": "0",
        },
    )
    poll = Poll.objects.get()
    assert response.status_code == 302 and poll.options.count() == 6 and poll.state == Poll.State.DRAFT
    client.post(reverse("polls:action", args=[poll.pk, "open"]))
    poll.refresh_from_db()
    assert poll.state == Poll.State.OPEN


def test_creation_form_errors_name_the_field(client, people):
    client.force_login(people.owner)
    response = client.post(
        reverse("polls:create"),
        {
            "kind": "date",
            "title": "X",
            "days": "2020-99-99",
            "times": "09:00",
            "duration_minutes": "60",
            "time_zone": "Europe/Paris",
            "max_bookings_per_person": "1",
            "min_notice_hours": "0",
        },
    )
    assert response.status_code == 400 and "Date invalide" in response.text and not Poll.objects.exists()


def test_close_on_a_chosen_option(client, people, date_poll):
    option = date_poll.options.first()
    client.force_login(people.owner)
    client.post(reverse("polls:action", args=[date_poll.pk, "close"]), {"option": option.pk})
    date_poll.refresh_from_db()
    assert date_poll.state == Poll.State.CLOSED and date_poll.chosen_option == option


def test_close_with_a_foreign_option_leaves_the_poll_open(client, people, date_poll):
    client.force_login(people.owner)
    client.post(reverse("polls:action", args=[date_poll.pk, "close"]), {"option": PollOptionFactory().pk})
    date_poll.refresh_from_db()
    assert date_poll.state == Poll.State.OPEN


def test_group_tab_lists_the_polls(client, people, council, date_poll):
    client.force_login(people.member)
    page = client.get(reverse("polls:group_polls", args=[council.slug]))
    assert page.status_code == 200 and "Conseil de classe" in page.text
    client.force_login(people.outsider)
    assert client.get(reverse("polls:group_polls", args=[council.slug])).status_code == 404


def test_my_polls_lists_mine_targeted_and_answered(client, people, date_poll):
    other = PollFactory(title="Sondage répondu", people=[])
    AnswerFactory(poll=other, user=people.member)
    client.force_login(people.member)
    page = client.get(reverse("polls:list"))
    assert "Conseil de classe" in page.text and "Sondage répondu" in page.text
    client.force_login(people.outsider)
    assert "Conseil de classe" not in client.get(reverse("polls:list")).text


@pytest.mark.parametrize("answers", [3, 30])
def test_results_page_queries_are_constant(client, people, date_poll, answers, django_assert_max_num_queries):
    options = list(date_poll.options.all())
    for _ in range(answers):
        answer = AnswerFactory(poll=date_poll, user=UserFactory())
        for option in options:
            VoteFactory(answer=answer, option=option, value="maybe")
    client.force_login(people.owner)
    with django_assert_max_num_queries(22):
        page = client.get(reverse("polls:detail", args=[date_poll.pk]))
    assert page.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("polls:export", args=[date_poll.pk])).status_code == 200


def test_meeting_slot_booked_once(client, people, meeting_poll):
    slot = meeting_poll.options.first()
    url = reverse("polls:public", args=[meeting_poll.public_token])
    first = client.post(url, {"do": "book", "slot": slot.pk, "name": "Anne", "email": "anne@example.org"})
    assert first.status_code == 302
    second = client.post(url, {"do": "book", "slot": slot.pk, "name": "Bob", "email": "bob@example.org"})
    assert second.status_code == 409 and Booking.objects.count() == 1
    # the second visitor sees the slot as unavailable, without the booker's name
    assert "Anne" not in second.text


def test_booking_a_slot_of_another_poll_is_refused(client, people, meeting_poll):
    client.force_login(people.member)
    response = client.post(
        reverse("polls:detail", args=[meeting_poll.pk]), {"do": "book", "slot": PollOptionFactory().pk}
    )
    assert response.status_code == 400 and not Booking.objects.exists()


def test_owner_confirms_a_booking_and_the_booker_gets_an_email(
    client, people, meeting_poll, mailoutbox, django_capture_on_commit_callbacks
):
    slot = meeting_poll.options.first()
    client.force_login(people.member)
    client.post(reverse("polls:detail", args=[meeting_poll.pk]), {"do": "book", "slot": slot.pk})
    booking = Booking.objects.get()
    client.force_login(people.owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("polls:detail", args=[meeting_poll.pk]), {"do": "confirm_booking", "booking": booking.pk})
    booking.refresh_from_db()
    assert booking.confirmed and mailoutbox[-1].to == [people.member.email]


def test_booker_cannot_cancel_another_booking(client, people, meeting_poll):
    slot = meeting_poll.options.first()
    client.force_login(people.member)
    client.post(reverse("polls:detail", args=[meeting_poll.pk]), {"do": "book", "slot": slot.pk})
    booking = Booking.objects.get()
    client.force_login(people.member2)
    response = client.post(
        reverse("polls:detail", args=[meeting_poll.pk]), {"do": "cancel_booking", "booking": booking.pk}
    )
    assert response.status_code == 403 and Booking.objects.exists()


def test_past_slot_cannot_be_booked(client, people, meeting_poll):
    slot = PollOptionFactory(poll=meeting_poll, start=timezone.now() - dt.timedelta(hours=1))
    client.force_login(people.member)
    response = client.post(reverse("polls:detail", args=[meeting_poll.pk]), {"do": "book", "slot": slot.pk})
    assert response.status_code == 400 and not Booking.objects.exists()


def test_minimum_notice(client, people, meeting_poll):
    Poll.objects.filter(pk=meeting_poll.pk).update(min_notice_hours=24 * 30)
    client.force_login(people.member)
    response = client.post(
        reverse("polls:detail", args=[meeting_poll.pk]), {"do": "book", "slot": meeting_poll.options.first().pk}
    )
    assert response.status_code == 400


def test_booker_moves_their_booking(client, people, meeting_poll):
    first, second = list(meeting_poll.options.all())[:2]
    client.force_login(people.member)
    url = reverse("polls:detail", args=[meeting_poll.pk])
    client.post(url, {"do": "book", "slot": first.pk})
    client.post(url, {"do": "move_booking", "booking": Booking.objects.get().pk, "slot": second.pk})
    assert Booking.objects.get().slot == second


def test_the_page_shows_the_first_participants_and_the_csv_all(client, people, date_poll, monkeypatch):
    from polls import views

    monkeypatch.setattr(views, "PARTICIPANTS_SHOWN", 2)
    for number in range(3):
        AnswerFactory(poll=date_poll, name=f"Personne {number}")
    client.force_login(people.owner)
    page = client.get(reverse("polls:detail", args=[date_poll.pk])).text
    assert "Personne 1" in page and "Personne 2" not in page and "export CSV les contient toutes" in page
    assert "Personne 2" in client.get(reverse("polls:export", args=[date_poll.pk])).content.decode()
