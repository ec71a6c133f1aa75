"""Demo agenda: categories, weekly and monthly recurring group events, an all-day event, a series with a moved
occurrence, an event with an external guest, and answers in every status.

Idempotent: an event is found by its title and organiser, a category by its name. Times are relative to the current
week so that the month view shows them. Nobody is e-mailed (``notify=False``).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from groups.selectors import group_for_viewer
from portal.users.models import User

from . import services
from .models import Category, Event

CATEGORIES = [("Réunion", "#000091"), ("Formation", "#18753c"), ("Vie de l'établissement", "#b34000")]
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _day(monday, weekday, weeks=0):
    return monday + timedelta(days=weekday + 7 * weeks)


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute))


def seed(command):
    teachers = list(
        User.objects.filter(is_superuser=False, is_active=True, structure__isnull=False, administered_structures=None)
        .order_by("username")
        .only("pk", "username", "email", "structure_id", "is_active", "is_superuser")
    )
    if len(teachers) < 20:
        command.stdout.write("  agenda: not enough demo people, skipped")
        return
    categories = {
        name: Category.objects.get_or_create(name=name, defaults={"colour": colour})[0] for name, colour in CATEGORIES
    }
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())

    def group(user, name):
        found = group_for_viewer(user, name=name)
        return [found.pk] if found is not None else []

    def event(organiser, title, **values):
        existing = Event.objects.filter(organiser=organiser, title=title, parent__isnull=True).first()
        return existing or services.create_event(organiser=organiser, title=title, notify=False, **values)

    council_chair = teachers[14]
    council = event(
        council_chair,
        "Conseil pédagogique",
        start=_at(_day(monday, 1), 17),
        end=_at(_day(monday, 1), 18, 30),
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        group_ids=group(council_chair, "Conseil pédagogique Ampère"),
        category_id=categories["Réunion"].pk,
        location="Salle du conseil",
        description="Ordre du jour : **projets d'établissement**, bilan du trimestre.",
        reminders=[60],
    )
    for index, status in ((15, "accepted"), (16, "tentative"), (17, "declined")):
        if council.participants.filter(user=teachers[index], status="needs-action").exists():
            services.answer(teachers[index], council, status)
    moved = _at(_day(monday, 1, 2), 17)
    if not council.overrides.exists():
        services.update_event(
            council_chair,
            council,
            scope="this",
            occurrence=timezone.make_aware(moved),
            start=_at(_day(monday, 2, 2), 17),
            end=_at(_day(monday, 2, 2), 18, 30),
            notify=False,
        )
    maths_admin = teachers[0]
    event(
        maths_admin,
        "Réunion de l'équipe de mathématiques",
        start=_at(_day(monday, 3), 12, 30),
        end=_at(_day(monday, 3), 13, 30),
        rrule=f"FREQ=MONTHLY;BYDAY={(_day(monday, 3).day - 1) // 7 + 1}TH",
        group_ids=group(maths_admin, "Mathématiques au lycée"),
        category_id=categories["Réunion"].pk,
        video_url="https://webinaire.numerique.gouv.fr/demo-maths",
    )
    event(
        maths_admin,
        "Journées portes ouvertes",
        all_day=True,
        start=_day(monday, 4, 1),
        end=_day(monday, 6, 1),
        group_ids=group(maths_admin, "Mathématiques au lycée"),
        category_id=categories["Vie de l'établissement"].pk,
        location="Lycée Ampère",
    )
    event(
        council_chair,
        "Rencontre parents-professeurs",
        start=_at(_day(monday, 3, 1), 18),
        end=_at(_day(monday, 3, 1), 20),
        participant_user_ids=[teachers[15].pk, teachers[16].pk],
        guest_emails=["parent.delegue@example.org"],
        category_id=categories["Vie de l'établissement"].pk,
    )
    digital_admin = teachers[19]
    event(
        digital_admin,
        "Formation : outils numériques libres",
        start=_at(_day(monday, 2), 14),
        end=_at(_day(monday, 2), 16),
        rrule="FREQ=WEEKLY;BYDAY=WE;COUNT=6",
        group_ids=group(digital_admin, "Numérique éducatif"),
        category_id=categories["Formation"].pk,
        reminders=[15, 1440],
    )
