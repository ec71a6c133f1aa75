"""factory_boy factories for groups (the tests and the demo use them).

``GroupFactory(members=[...], animators=[...], admins=[...], candidates=[...])`` gives the roles in one line.
Factories write rows directly: they do not notify anybody nor check the rules (the services do).
"""

import factory

from .models import Group, GroupBookmark, Membership


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Groupe {n}")
    slug = factory.Sequence(lambda n: f"groupe-{n}")
    description = "Un groupe de travail"
    type = Group.Type.OPEN
    owner = None

    admins = factory.PostGeneration(lambda group, create, users, **kwargs: _add(group, create, users, "admin"))
    animators = factory.PostGeneration(lambda group, create, users, **kwargs: _add(group, create, users, "animator"))
    members = factory.PostGeneration(lambda group, create, users, **kwargs: _add(group, create, users, "member"))
    candidates = factory.PostGeneration(lambda group, create, users, **kwargs: _add(group, create, users, "candidate"))


def _add(group, create, users, role):
    if create and users:
        Membership.objects.bulk_create([Membership(user=user, group=group, role=role) for user in users])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory("portal.users.factories.UserFactory")
    group = factory.SubFactory(GroupFactory)
    role = Membership.Role.MEMBER


class GroupBookmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupBookmark

    group = factory.SubFactory(GroupFactory)
    url = factory.Sequence(lambda n: f"https://www.example.fr/page-{n}")
    name = factory.Sequence(lambda n: f"Lien {n}")
    author = None
