"""Demo polls, made through the services (so that notifications, tokens and events are the real ones):

- an open date poll of the "Conseil pédagogique Ampère" group, public, with answers in every state (yes, if need
  be, no, and a public respondent's);
- a closed date poll whose chosen date became an agenda event;
- a public meeting poll with two bookings (one confirmed);
- a public text poll with anonymous answers.

Idempotent: a poll is found by its title and owner; nothing is added when it exists.
"""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from groups.selectors import member_group_ids, visible_groups
from portal.users.models import User

from . import meetings, services
from .models import Poll
from .options import date_options, meeting_slots, text_options

GROUP = "Conseil pédagogique Ampère"
OWNER, MEMBERS = 14, (15, 16, 17, 18)
ANONYMOUS = AnonymousUser()


def _day(days):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _date_poll(owner, group, title, days):
    options = date_options(
        [_day(day) for day in days], ["09:00", "17:00"], duration_minutes=60, time_zone="Europe/Paris"
    )
    poll = services.create_poll(
        owner,
        title=title,
        description="<p>Merci de répondre avant vendredi.</p>",
        options=options,
        group_ids=[group.pk],
        is_public=True,
    )
    return services.open_poll(owner, poll)


def _answer_all(poll, people, pattern):
    options = list(poll.options.order_by("start"))
    for person, values in zip(people, pattern, strict=False):
        votes = {option.pk: value for option, value in zip(options, values, strict=False)}
        services.submit_answer(poll, user=person, votes=votes)


def seed(command):
    teachers = list(
        User.objects.filter(
            is_superuser=False, is_active=True, structure__isnull=False, administered_structures=None
        ).order_by("username")
    )
    if len(teachers) <= max(MEMBERS):
        command.stdout.write("  polls: not enough demo people, skipped")
        return
    owner = teachers[OWNER]
    group = visible_groups(owner).filter(name=GROUP, pk__in=member_group_ids(owner)).first()
    if group is None:
        command.stdout.write("  polls: no demo group, skipped")
        return
    members = [teachers[index] for index in MEMBERS]
    mine = Poll.objects.filter(owner=owner)

    if not mine.filter(title="Date du prochain conseil pédagogique").exists():
        poll = _date_poll(owner, group, "Date du prochain conseil pédagogique", (7, 8, 9))
        _answer_all(
            poll,
            members[:3],
            [["yes"] * 6, ["maybe", "yes", "no", "yes", "maybe", "no"], ["no", "no", "yes", "no", "no", "yes"]],
        )
        first = poll.options.order_by("start").first()
        services.submit_answer(
            poll,
            user=ANONYMOUS,
            name="Claire Parent",
            email="claire.parent@example.org",
            via_link=True,
            votes={first.pk: "yes"},
        )

    if not mine.filter(title="Réunion de rentrée").exists():
        poll = _date_poll(owner, group, "Réunion de rentrée", (10, 11))
        _answer_all(poll, members, [["yes", "no", "yes", "no"], ["yes", "maybe", "no", "no"]])
        services.close_poll(owner, poll, poll.options.order_by("start").first().pk)

    if not mine.filter(title="Rencontres parents-professeurs").exists():
        slots = meeting_slots(
            [_day(5)], start_time="16:00", end_time="18:00", duration_minutes=15, time_zone="Europe/Paris"
        )
        poll = services.create_poll(
            owner,
            title="Rencontres parents-professeurs",
            kind=Poll.Kind.MEETING,
            duration_minutes=15,
            options=slots,
            group_ids=[group.pk],
            is_public=True,
        )
        poll = services.open_poll(owner, poll)
        first, second = list(poll.options.order_by("start"))[:2]
        booking = meetings.book_slot(poll, first.pk, user=members[0])
        meetings.confirm_booking(owner, poll, booking)
        meetings.book_slot(poll, second.pk, name="Karim Parent", email="karim.parent@example.org", via_link=True)

    if not mine.filter(title="Thème de la journée portes ouvertes").exists():
        poll = services.create_poll(
            owner,
            title="Thème de la journée portes ouvertes",
            kind=Poll.Kind.TEXT,
            options=text_options(["Sciences", "Arts", "Langues"]),
            is_public=True,
            multiple_choice=False,
        )
        poll = services.open_poll(owner, poll)
        labels = {option.label: option.pk for option in poll.options.all()}
        for name, email, choice in (("Léa", "lea", "Arts"), ("Hugo", "hugo", "Sciences"), ("Inès", "ines", "Arts")):
            services.submit_answer(
                poll,
                user=ANONYMOUS,
                name=name,
                email=f"{email}@example.org",
                via_link=True,
                votes={labels[choice]: "yes"},
            )
