"""factory_boy factories for notifications and information messages (tests and benchmarks)."""

from datetime import timedelta

import factory
from django.utils import timezone

from .models import InformationMessage, Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory("portal.users.factories.UserFactory")
    kind = Notification.Kind.MESSAGE
    title = factory.Sequence(lambda n: f"Notification {n}")
    text = "Texte de la notification"
    link = "/"


class InformationMessageFactory(factory.django.DjangoModelFactory):
    """A national message by default; pass ``structure=`` for a structure's."""

    class Meta:
        model = InformationMessage

    structure = None
    content_fr = factory.Sequence(lambda n: f"<p>Information {n}</p>")
    content_en = factory.Sequence(lambda n: f"<p>News {n}</p>")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
