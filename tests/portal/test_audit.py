"""The audit trail (issue #9 point 18): privileged changes recorded with who, when, what, before and after, by the
services layer; read-only in the back office, scoped to the reader's subtrees; purged after the retention time."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.core import audit
from portal.core.models import AuditEntry
from portal.core.tasks import purge_audit_entries
from portal.notifications.services import delete_information_message, save_information_message
from portal.users import services
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("object_id"))


def test_deactivating_accounts_records_one_entry_per_person(lyon_admin, tree):
    people = [UserFactory(structure=tree.ampere) for _ in range(3)]
    services.set_active(lyon_admin, people, False)
    recorded = entries("users.deactivate")
    assert [entry.object_id for entry in recorded] == sorted(str(person.pk) for person in people)
    entry = recorded[0]
    assert (entry.actor, entry.actor_name, entry.object_type) == (lyon_admin, str(lyon_admin), "users.user")
    assert (entry.before, entry.after, entry.structure) == ({"is_active": True}, {"is_active": False}, tree.ampere)
    assert timezone.now() - entry.created_at < timedelta(seconds=10)


def test_a_refused_change_records_nothing(lyon_admin, tree):
    grenoble_teacher = UserFactory(structure=tree.champollion)
    with pytest.raises(PermissionDenied):
        services.set_active(lyon_admin, [grenoble_teacher], False)
    assert not AuditEntry.objects.exists()


def test_activation_and_admin_roles_are_recorded(global_admin, tree, teacher):
    services.set_active(global_admin, [teacher], True)  # already active: nothing changes, nothing recorded
    assert not AuditEntry.objects.exists()
    services.set_global_admin(global_admin, teacher, True)
    services.set_structure_admin(global_admin, teacher, tree.rhone, True)
    services.set_structure_admin(global_admin, teacher, tree.rhone, False)
    assert [(e.action, e.before, e.after) for e in AuditEntry.objects.order_by("pk")] == [
        ("users.global_admin.granted", {"is_superuser": False}, {"is_superuser": True}),
        ("structures.admin.granted", {"admin_of": None}, {"admin_of": tree.rhone.pk}),
        ("structures.admin.revoked", {"admin_of": tree.rhone.pk}, {"admin_of": None}),
    ]
    assert AuditEntry.objects.filter(action__startswith="structures.admin", structure=tree.rhone).count() == 2


def test_a_move_is_seen_from_both_structures(lyon_admin, tree, teacher):
    services.move_users(lyon_admin, [teacher], tree.moulin)
    (entry,) = entries("users.move")
    assert (entry.structure, entry.previous_structure) == (tree.moulin, tree.ampere)
    assert (entry.before, entry.after) == ({"structure": tree.ampere.pk}, {"structure": tree.moulin.pk})


def test_structure_requests_decided_are_recorded(lyon_admin, tree):
    person = UserFactory(structure=None, awaiting_structure=tree.lyon)
    services.decide_structure_requests(lyon_admin, [person], accept=True)
    (entry,) = entries("users.structure_request.accepted")
    assert (entry.actor, entry.structure, entry.after) == (lyon_admin, tree.lyon, {"structure": tree.lyon.pk})


def test_account_edits_record_the_fields_before_and_after(global_admin, teacher):
    old_quota = teacher.group_quota
    services.change_account(global_admin, teacher, {"group_quota": old_quota + 5})
    (entry,) = entries("users.change")
    assert (entry.before, entry.after) == ({"group_quota": old_quota}, {"group_quota": old_quota + 5})


def test_information_messages_are_recorded(lyon_admin, tree):
    expires_at = timezone.now() + timedelta(days=3)
    message = save_information_message(
        lyon_admin, content_fr="<p>Réunion</p>", structure=tree.rhone, expires_at=expires_at
    )
    save_information_message(
        lyon_admin, message, content_fr="<p>Réunion lundi</p>", structure=tree.rhone, expires_at=expires_at
    )
    delete_information_message(lyon_admin, message)
    recorded = list(AuditEntry.objects.order_by("pk"))
    assert [entry.action for entry in recorded] == [
        "informations.created",
        "informations.updated",
        "informations.deleted",
    ]
    assert recorded[1].before["content_fr"] == "<p>Réunion</p>"
    assert recorded[1].after["content_fr"] == "<p>Réunion lundi</p>"
    assert {entry.structure for entry in recorded} == {tree.rhone}


# --- the back office ---


@pytest.fixture
def two_entries(tree, global_admin):
    lyon_entry = audit.record(global_admin, "users.activate", UserFactory(structure=tree.ampere), after={"x": 1})
    grenoble_person = UserFactory(structure=tree.champollion, last_name="Grenoblois")
    audit.record(global_admin, "users.activate", grenoble_person)
    assert lyon_entry == 1
    lyon, grenoble = AuditEntry.objects.order_by("pk")
    return lyon, grenoble


def test_global_admins_see_every_entry(client, global_admin, two_entries):
    client.force_login(global_admin)
    page = client.get("/admin/core/auditentry/")
    assert page.status_code == 200
    assert all(entry.object_label in page.content.decode() for entry in two_entries)


def test_structure_admins_see_their_subtrees_entries_only(client, lyon_admin, two_entries):
    lyon, grenoble = two_entries
    client.force_login(lyon_admin)
    page = client.get("/admin/core/auditentry/")
    assert page.status_code == 200
    assert lyon.object_label in page.content.decode()
    assert "Grenoblois" not in page.content.decode()
    assert client.get(f"/admin/core/auditentry/{lyon.pk}/change/").status_code == 200
    assert client.get(f"/admin/core/auditentry/{grenoble.pk}/change/").status_code in (302, 404)


def test_teachers_see_no_entry(teacher, two_entries):
    assert not audit.audit_entries_visible_to(teacher).exists()


def test_nobody_edits_adds_or_deletes_an_entry(client, global_admin, two_entries):
    lyon, _grenoble = two_entries
    client.force_login(global_admin)
    client.post(f"/admin/core/auditentry/{lyon.pk}/change/", {"action": "forged"})
    client.post(f"/admin/core/auditentry/{lyon.pk}/delete/", {"post": "yes"})
    assert client.get("/admin/core/auditentry/add/").status_code == 403
    lyon.refresh_from_db()
    assert lyon.action == "users.activate"


# --- retention ---


def test_old_entries_are_purged_after_the_retention_time(settings, global_admin, teacher):
    settings.AUDIT_RETENTION_DAYS = 30
    audit.record(global_admin, "users.activate", teacher)
    audit.record(global_admin, "users.deactivate", teacher)
    AuditEntry.objects.filter(action="users.activate").update(created_at=timezone.now() - timedelta(days=31))
    assert purge_audit_entries() == 1
    assert [entry.action for entry in AuditEntry.objects.all()] == ["users.deactivate"]
    settings.AUDIT_RETENTION_DAYS = 0
    AuditEntry.objects.update(created_at=timezone.now() - timedelta(days=3650))
    assert purge_audit_entries() == 0


def test_the_purge_runs_every_day():
    schedule = django_settings.CELERY_BEAT_SCHEDULE["core.purge_audit_entries"]
    assert (schedule["task"], schedule["schedule"]) == ("core.purge_audit_entries", 24 * 3600)


def test_deactivating_through_an_account_edit_is_recorded(global_admin, teacher):
    services.change_account(global_admin, teacher, {"is_active": False})
    (entry,) = entries("users.deactivate")
    assert (entry.object_id, entry.before, entry.after) == (str(teacher.pk), {"is_active": True}, {"is_active": False})


def test_group_roles_are_recorded(teacher, tree):
    from groups import services as group_services
    from groups.factories import GroupFactory, MembershipFactory
    from groups.models import Membership

    admin = UserFactory(structure=tree.ampere)
    group = GroupFactory(name="Philosophie", owner=admin)
    MembershipFactory(group=group, user=admin, role=Membership.Role.ADMIN)
    MembershipFactory(group=group, user=teacher, role=Membership.Role.MEMBER)
    group_services.set_role(admin, group, teacher, Membership.Role.ANIMATOR)
    (entry,) = entries("groups.role.changed")
    assert (entry.actor, entry.object_id, entry.structure) == (admin, str(teacher.pk), tree.ampere)
    assert entry.before == {"group": {"id": group.pk, "label": str(group)}, "role": "member"}
    assert entry.after["role"] == "animator"


def test_service_state_changes_are_recorded(lyon_admin, tree):
    from apps_catalog import services as catalog_services
    from apps_catalog.models import Service

    service = catalog_services.create_service(
        lyon_admin, title="Pronote", slug="pronote", url="https://pronote.example.fr", structure=tree.lyon
    )
    catalog_services.update_service(lyon_admin, service, state=Service.State.MAINTENANCE)
    catalog_services.update_service(lyon_admin, service, title="Pronote Lyon")  # no state change: not recorded
    assert [(e.action, e.before, e.after) for e in AuditEntry.objects.order_by("pk")] == [
        ("services.created", {}, {"title": "Pronote", "state": 0}),
        ("services.state.changed", {"state": 0}, {"state": 15}),
    ]
    assert AuditEntry.objects.filter(structure=tree.lyon).count() == 2
