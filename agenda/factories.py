"""factory_boy factories for the agenda (the tests and the demo use them).

Factories write rows directly: they invite nobody and check no rule (``services.create_event`` does).
"""

from datetime import UTC, datetime, timedelta

import factory

from .models import Category, Event, Participant


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    colour = "#000091"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    organiser = factory.SubFactory("portal.users.factories.UserFactory")
    title = factory.Sequence(lambda n: f"Réunion {n}")
    start = factory.LazyFunction(lambda: datetime(2026, 3, 10, 8, 0, tzinfo=UTC))
    end = factory.LazyAttribute(lambda event: event.start + timedelta(hours=1))
    series_end = factory.LazyAttribute(lambda event: None if event.rrule else event.end)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory("portal.users.factories.UserFactory")
