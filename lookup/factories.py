"""factory_boy factories of the lookup app (tests and demo)."""

import factory

from .models import NextcloudInstance


class NextcloudInstanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NextcloudInstance

    url = factory.Sequence(lambda n: f"https://nc{n}.example.fr")
    active = True
