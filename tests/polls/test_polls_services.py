"""The poll services: creation with checked targets and options, answers bound to identities, closing."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from groups.factories import GroupFactory
from polls import services
from polls.factories import AnswerFactory, PollFactory, PollOptionFactory, future
from polls.models import Answer, Poll, PollOption, Vote
from polls.options import MAX_OPTIONS, date_options, meeting_slots, text_options
from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db
ANON = AnonymousUser()


def _day(days):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_create_date_poll_days_by_times(people, council):
    options = date_options(
        [_day(3), _day(4), _day(5)], ["09:00", "14:00"], duration_minutes=60, time_zone="Europe/Paris"
    )
    poll = services.create_poll(people.owner, title=" Conseil ", options=options, group_ids=[council.pk])
    assert poll.title == "Conseil" and poll.state == Poll.State.DRAFT and poll.owner == people.owner
    assert PollOption.objects.filter(poll=poll).count() == 6
    first = PollOption.objects.filter(poll=poll).order_by("start").first()
    assert timezone.localtime(first.start).hour == 9 and first.end - first.start == dt.timedelta(hours=1)


def test_targeting_a_group_one_is_not_member_of_is_refused(people):
    other = GroupFactory(name="Autre", slug="autre", type="closed")
    with pytest.raises(ValidationError) as error:
        services.create_poll(people.owner, title="Spam", group_ids=[other.pk])
    assert "groups" in error.value.message_dict
    assert not Poll.objects.exists()


def test_changing_the_owner_is_refused(people):
    poll = PollFactory(owner=people.owner, state=Poll.State.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.update_poll(people.owner, poll, owner=people.member)
    assert "owner" in error.value.message_dict
    poll.refresh_from_db()
    assert poll.owner == people.owner


def test_only_the_owner_updates(people, date_poll):
    with pytest.raises(PermissionDenied):
        services.update_poll(people.member, date_poll, title="Pris")


def test_open_poll_only_adds_options(people, date_poll):
    answer = AnswerFactory(poll=date_poll, user=people.member)
    first = date_poll.options.first()
    Vote.objects.create(answer=answer, option=first, value="yes")
    services.update_poll(people.owner, date_poll, options=[{"start": future(10, 9), "end": future(10, 10)}])
    assert date_poll.options.count() == 4 and Vote.objects.filter(option=first).exists()
    with pytest.raises(ValidationError):
        services.update_poll(people.owner, date_poll, kind=Poll.Kind.TEXT)


def test_options_in_the_past_are_refused(people):
    past = timezone.now() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.create_poll(people.owner, title="Hier", options=[{"start": past, "end": past + dt.timedelta(hours=1)}])
    assert "options" in error.value.message_dict


def test_more_than_the_maximum_of_options_is_refused(people):
    labels = [f"Option {n}" for n in range(MAX_OPTIONS + 1)]
    with pytest.raises(ValidationError):
        services.create_poll(people.owner, title="Trop", kind=Poll.Kind.TEXT, options=text_options(labels))


def test_malformed_dates_and_deadlines_are_refused(people):
    with pytest.raises(ValidationError) as error:
        date_options(["2026-13-45"], ["09:00"], duration_minutes=60, time_zone="Europe/Paris")
    assert "days" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        date_options([_day(2)], ["25:00"], duration_minutes=60, time_zone="Europe/Paris")
    assert "times" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.create_poll(people.owner, title="X", deadline=timezone.now() - dt.timedelta(hours=1))
    assert "deadline" in error.value.message_dict


def test_meeting_slots_are_cut_by_duration():
    slots = meeting_slots(
        [_day(2)], start_time="09:00", end_time="10:30", duration_minutes=30, time_zone="Europe/Paris"
    )
    assert len(slots) == 3


def test_open_notifies_the_group_members_once(people, council):
    poll = PollFactory(owner=people.owner, state=Poll.State.DRAFT, groups=[council])
    PollOptionFactory(poll=poll)
    services.open_poll(people.owner, poll)
    assert set(Notification.objects.values_list("user_id", flat=True)) == {people.member.pk, people.member2.pk}
    with pytest.raises(PermissionDenied):
        services.open_poll(people.owner, poll)


def test_open_without_option_is_refused(people, council):
    poll = PollFactory(owner=people.owner, state=Poll.State.DRAFT, groups=[council])
    with pytest.raises(ValidationError):
        services.open_poll(people.owner, poll)


def test_member_identity_comes_from_the_account(people, date_poll):
    option = date_poll.options.first()
    answer = services.submit_answer(
        date_poll, user=people.member, name="Pirate", email="victim@example.org", votes={option.pk: "yes"}
    )
    assert answer.user == people.member and answer.email == people.member.email and answer.name == "Marc Membre"


def test_member_answers_once_and_changes_it(people, date_poll):
    first, second = date_poll.options.all()[:2]
    services.submit_answer(date_poll, user=people.member, votes={first.pk: "yes"})
    services.submit_answer(date_poll, user=people.member, votes={second.pk: "maybe"})
    assert Answer.objects.filter(poll=date_poll).count() == 1
    assert list(Vote.objects.values_list("option_id", "value")) == [(second.pk, "maybe")]


def test_database_allows_one_answer_per_person(people, date_poll):
    AnswerFactory(poll=date_poll, user=people.member)
    with pytest.raises(IntegrityError):
        AnswerFactory(poll=date_poll, user=people.member)


def test_public_respondent_cannot_overwrite_another_answer(people, date_poll):
    option = date_poll.options.first()
    theirs = services.submit_answer(
        date_poll, user=ANON, name="Alice", email="alice@example.org", via_link=True, votes={option.pk: "yes"}
    )
    mine = services.submit_answer(
        date_poll, user=ANON, name="Bob", email="alice@example.org", via_link=True, votes={option.pk: "no"}
    )
    assert mine.pk != theirs.pk and mine.edit_token != theirs.edit_token
    assert Vote.objects.get(answer=theirs).value == "yes"


def test_public_respondent_changes_their_answer_with_their_token(people, date_poll):
    option = date_poll.options.first()
    answer = services.submit_answer(
        date_poll, user=ANON, name="Alice", email="alice@example.org", via_link=True, votes={option.pk: "yes"}
    )
    services.submit_answer(
        date_poll, user=ANON, answer=answer, name="Alice B", email="alice@example.org", via_link=True, votes={}
    )
    answer.refresh_from_db()
    assert answer.name == "Alice B" and not Vote.objects.filter(answer=answer).exists()
    services.delete_answer(date_poll, answer)
    assert not Answer.objects.exists()


def test_outsider_cannot_answer(people, date_poll):
    with pytest.raises(PermissionDenied):
        services.submit_answer(date_poll, user=people.outsider, votes={})


def test_voting_for_an_option_of_another_poll_is_refused(people, date_poll):
    foreign = PollOptionFactory()
    with pytest.raises(ValidationError) as error:
        services.submit_answer(date_poll, user=people.member, votes={foreign.pk: "yes"})
    assert "votes" in error.value.message_dict
    assert not Answer.objects.exists()


def test_maybe_refused_when_not_allowed(people, date_poll):
    date_poll.allow_maybe = False
    date_poll.save()
    with pytest.raises(ValidationError):
        services.submit_answer(date_poll, user=people.member, votes={date_poll.options.first().pk: "maybe"})


def test_single_choice_text_poll(people, council):
    poll = PollFactory(owner=people.owner, kind=Poll.Kind.TEXT, multiple_choice=False, groups=[council])
    a = PollOptionFactory(poll=poll, start=None, end=None, label="A")
    b = PollOptionFactory(poll=poll, start=None, end=None, label="B")
    with pytest.raises(ValidationError):
        services.submit_answer(poll, user=people.member, votes={a.pk: "yes", b.pk: "yes"})
    services.submit_answer(poll, user=people.member, votes={a.pk: "yes"})


def test_maximum_answers_per_option(people, date_poll):
    date_poll.max_answers_per_option = 1
    date_poll.save()
    option = date_poll.options.first()
    services.submit_answer(date_poll, user=people.member, votes={option.pk: "yes"})
    with pytest.raises(ValidationError):
        services.submit_answer(date_poll, user=people.member2, votes={option.pk: "yes"})


def test_deadline_passed_refuses_answers_and_the_task_closes(people, date_poll):
    Poll.objects.filter(pk=date_poll.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    date_poll.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.submit_answer(date_poll, user=people.member, votes={})
    assert services.close_expired_polls() == 1
    assert services.close_expired_polls() == 0
    date_poll.refresh_from_db()
    assert date_poll.state == Poll.State.CLOSED


def test_owner_notified_on_each_answer_when_asked(people, date_poll):
    date_poll.notify_owner = True
    date_poll.save()
    services.submit_answer(date_poll, user=people.member, votes={})
    assert Notification.objects.filter(user=people.owner).count() == 1


def test_close_with_an_option_of_the_poll(people, date_poll):
    option = date_poll.options.last()
    services.submit_answer(date_poll, user=people.member, votes={option.pk: "yes"})
    services.close_poll(people.owner, date_poll, option.pk)
    date_poll.refresh_from_db()
    assert date_poll.state == Poll.State.CLOSED and date_poll.chosen_option == option
    assert Notification.objects.filter(user=people.member, title="Sondage clos").exists()
    with pytest.raises(PermissionDenied):
        services.close_poll(people.owner, date_poll, option.pk)


def test_close_with_a_foreign_option_is_refused(people, date_poll):
    with pytest.raises(ValidationError) as error:
        services.close_poll(people.owner, date_poll, PollOptionFactory().pk)
    assert "option" in error.value.message_dict
    date_poll.refresh_from_db()
    assert date_poll.state == Poll.State.OPEN


def test_member_cannot_close(people, date_poll):
    with pytest.raises(PermissionDenied):
        services.close_poll(people.member, date_poll)


def test_reminder_once_to_those_who_have_not_answered(people, date_poll):
    Poll.objects.filter(pk=date_poll.pk).update(deadline=timezone.now() + dt.timedelta(hours=12))
    services.submit_answer(date_poll, user=people.member, votes={})
    assert services.remind_non_respondents() == 1
    assert services.remind_non_respondents() == 0
    assert list(Notification.objects.filter(title="Rappel de sondage").values_list("user_id", flat=True)) == [
        people.member2.pk
    ]


def test_comment_by_member_and_not_by_outsider(people, date_poll):
    comment = services.add_comment(date_poll, "Je préfère mardi", user=people.member)
    assert comment.author_name == "Marc Membre"
    with pytest.raises(PermissionDenied):
        services.add_comment(date_poll, "Spam", user=people.outsider)


def test_description_is_sanitised(people):
    poll = services.create_poll(people.owner, title="X", description='<p onclick="x()">Hi<script>alert(1)</script></p>')
    assert poll.description == "<p>Hi</p>"


def test_beat_tasks_call_the_services(people, date_poll):
    from polls import tasks

    Poll.objects.filter(pk=date_poll.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    assert tasks.close_expired_polls() == 1
    assert tasks.remind_non_respondents() == 0
