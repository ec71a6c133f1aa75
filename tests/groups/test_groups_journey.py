"""The issue's "done when", through the pages: a teacher asks to join a moderated group, its animator finds the
request in the notifications and accepts, the teacher is told and finds the group in "Mon espace"; a structure
admin's structure-group membership follows their structure changes on its own."""

import pytest
from django.urls import reverse

from groups.models import Group, Membership
from portal.notifications.models import Notification
from portal.users import services as user_services

pytestmark = pytest.mark.django_db


def test_asking_to_join_being_accepted_and_finding_the_group_in_my_space(client, people, moderated_group):
    teacher, animator = people.outsider, people.animator
    client.force_login(teacher)
    client.post(reverse("groups:action", args=[moderated_group.slug, "request"]))

    client.force_login(animator)
    request = Notification.objects.get(user=animator, kind="request")
    assert (request.title, request.link, request.read) == (
        "Olivier Dehors demande à rejoindre le groupe Projet modéré",
        reverse("groups:manage", args=[moderated_group.slug]),
        False,
    )
    assert (
        "Olivier Dehors demande à rejoindre le groupe Projet modéré"
        in client.get(reverse("notifications"), {"tab": "informations"}).content.decode()
    )
    manage = client.get(request.link)
    assert [row[0].user for row in manage.context["candidate_rows"]] == [people.candidate, teacher]
    client.post(reverse("groups:member_action", args=[moderated_group.slug, teacher.pk, "accept"]))

    client.force_login(teacher)
    accepted = Notification.objects.get(user=teacher)
    assert (accepted.kind, accepted.title, accepted.link) == (
        "role_set",
        "Votre demande pour rejoindre le groupe Projet modéré a été acceptée",
        moderated_group.get_absolute_url(),
    )
    space = client.get(reverse("apps_catalog:personal_space"))
    assert space.status_code == 200
    assert "Projet modéré" in space.content.decode()
    assert Membership.objects.get(user=teacher, group=moderated_group).role == Membership.Role.MEMBER


def test_a_structure_admins_group_membership_follows_their_structure(tree, lyon_admin):
    def roles():
        return dict(
            Membership.objects.filter(user=lyon_admin, group__type=Group.Type.AUTOMATIC).values_list(
                "group__structure__name", "role"
            )
        )

    assert roles() == {"Académie de Lyon": Membership.Role.ADMIN}
    user_services.set_structure([lyon_admin.pk], tree.ampere)  # still inside the académie: stays its admin
    assert roles() == {
        "Académie de Lyon": Membership.Role.ADMIN,
        "DSDEN du Rhône": Membership.Role.MEMBER,
        "Lycée Ampère": Membership.Role.MEMBER,
    }
    user_services.set_structure([lyon_admin.pk], tree.isere)  # leaves the académie: loses the role and the groups
    assert roles() == {"Académie de Grenoble": Membership.Role.MEMBER, "DSDEN de l'Isère": Membership.Role.MEMBER}
