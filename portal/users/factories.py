"""factory_boy factories for users (used by the tests and the demo)."""

import factory

from .models import User


class UserFactory(factory.django.DjangoModelFactory):
    """An active teacher. ``UserFactory(structure=None)`` gives one without structure."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda user: f"{user.username}@ac-lyon.fr")
    is_active = True
    structure = factory.SubFactory("portal.structures.factories.StructureFactory")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_unusable_password() if extracted is None else self.set_password(extracted)
        if create:
            self.save(update_fields=["password"])


class GlobalAdminFactory(UserFactory):
    is_superuser = True
    structure = None
