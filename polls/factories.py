"""factory_boy factories for polls (the tests and the demo use them). They write rows directly: no rule is checked
and nobody is notified (the services do that)."""

import datetime as dt

import factory
from django.utils import timezone

from .models import Answer, Booking, Poll, PollOption, Vote


class PollFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Poll
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Sondage {n}")
    owner = factory.SubFactory("portal.users.factories.UserFactory")
    kind = Poll.Kind.DATE
    state = Poll.State.OPEN

    @factory.post_generation
    def groups(self, create, groups, **kwargs):
        if create and groups:
            self.groups.set(groups)

    @factory.post_generation
    def people(self, create, people, **kwargs):
        if create and people:
            self.people.set(people)


def future(days=7, hour=9, minute=0):
    """An aware instant ``days`` from now at ``hour``:``minute`` (Europe/Paris)."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


class PollOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PollOption

    poll = factory.SubFactory(PollFactory)
    position = factory.Sequence(lambda n: n)
    start = factory.Sequence(lambda n: future(days=1 + n // 8, hour=8 + n % 8))
    end = factory.LazyAttribute(lambda option: option.start + dt.timedelta(hours=1) if option.start else None)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    poll = factory.SubFactory(PollFactory)
    user = None
    name = factory.Sequence(lambda n: f"Répondant {n}")
    email = factory.Sequence(lambda n: f"repondant{n}@example.org")


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    answer = factory.SubFactory(AnswerFactory)
    option = factory.SubFactory(PollOptionFactory)
    value = Vote.Value.YES


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    poll = factory.SubFactory(PollFactory, kind=Poll.Kind.MEETING)
    slot = factory.SubFactory(PollOptionFactory, poll=factory.SelfAttribute("..poll"))
    answer = factory.SubFactory(AnswerFactory, poll=factory.SelfAttribute("..poll"))
