"""factory_boy factories of the catalogue (used by the tests, the demo and the benchmarks)."""

import factory

from .models import BusinessRegrouping, Category, Service, UserBookmark


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Catégorie {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    """A displayed national service; pass ``structure=`` for a structure service."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    structure = None
    team = "DNE"
    usage = "Travailler ensemble"
    description = factory.LazyAttribute(lambda service: f"Description de {service.title}"[:80])
    content = "<p>Un service de l'Éducation nationale.</p>"
    url = factory.LazyAttribute(lambda service: f"https://{service.slug}.apps.education.fr/")

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


class BusinessRegroupingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessRegrouping

    name = factory.Sequence(lambda n: f"Regroupement {n}")
    structure = factory.SubFactory("portal.structures.factories.StructureFactory")


class UserBookmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserBookmark

    user = factory.SubFactory("portal.users.factories.UserFactory")
    name = factory.Sequence(lambda n: f"Marque-page {n}")
    url = factory.Sequence(lambda n: f"https://exemple{n}.fr/")
    tag = ""
