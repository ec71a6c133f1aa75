"""factory_boy factories for structures (used by the tests and the demo)."""

import factory

from .models import EmailDomain, Structure


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Structure {n}")
    parent = None


class EmailDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailDomain
        django_get_or_create = ("domain",)

    domain = factory.Sequence(lambda n: f"domaine{n}.fr")
    structure = factory.SubFactory(StructureFactory)
