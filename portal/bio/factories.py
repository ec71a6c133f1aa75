"""factory_boy factories for bio cards (used by the tests, the demo and the benchmark)."""

import factory

from portal.core.text import fold

from .models import Card, Link, Skill, Visibility, build_card_search_text


class CardFactory(factory.django.DjangoModelFactory):
    """A published, checked card whose fields are all public (set the visibilities to test the others)."""

    class Meta:
        model = Card
        skip_postgeneration_save = True

    user = factory.SubFactory("portal.users.factories.UserFactory")
    public_name = factory.Sequence(lambda n: f"carte-{n}")
    published = True
    checked = True
    headline = "Professeure de technologie"
    headline_visibility = Visibility.PUBLIC
    biography = "J'anime un **club de robotique**."
    biography_visibility = Visibility.PUBLIC
    skills_visibility = Visibility.PUBLIC
    email_visibility = Visibility.PUBLIC
    structure_visibility = Visibility.PUBLIC
    search_text = factory.LazyAttribute(
        lambda card: build_card_search_text(card.public_name, card.user.first_name, card.user.last_name)
    )

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set([SkillFactory(name=name) if isinstance(name, str) else name for name in extracted])


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("folded",)

    name = factory.Sequence(lambda n: f"Compétence {n}")
    folded = factory.LazyAttribute(lambda skill: fold(skill.name))


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    card = factory.SubFactory(CardFactory)
    label = "Mon site"
    url = factory.Sequence(lambda n: f"https://site{n}.example.fr/")
    visibility = Visibility.PUBLIC
    position = factory.Sequence(int)
