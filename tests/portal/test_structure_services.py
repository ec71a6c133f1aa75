"""``portal.structures.services``: create, rename, move and delete, with the rights of ``abilities``."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from portal.structures import services
from portal.structures.models import Structure
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_structure_admin_creates_a_child_in_their_subtree(lyon_admin, tree):
    school = services.create_structure(lyon_admin, name="Lycée du Parc", parent=tree.rhone, external_code="0690031K")
    assert school.path == f"{tree.rhone.path}{school.pk}/"
    assert school.depth == 2


def test_structure_admin_cannot_create_in_another_subtree(lyon_admin, tree):
    with pytest.raises(PermissionDenied):
        services.create_structure(lyon_admin, name="Lycée Mounier", parent=tree.isere)
    assert not Structure.objects.filter(name="Lycée Mounier").exists()


def test_only_global_admins_create_top_structures(lyon_admin, global_admin):
    with pytest.raises(PermissionDenied):
        services.create_structure(lyon_admin, name="Académie de Nice")
    assert services.create_structure(global_admin, name="Académie de Nice").depth == 0


def test_teacher_cannot_create_structures(teacher, tree):
    with pytest.raises(PermissionDenied):
        services.create_structure(teacher, name="Club", parent=tree.ampere)


def test_sibling_name_clash_is_a_validation_error(lyon_admin, tree):
    with pytest.raises(ValidationError):
        services.create_structure(lyon_admin, name="LYCÉE AMPÈRE".lower(), parent=tree.rhone)


def test_rename_inside_the_subtree(lyon_admin, tree):
    services.rename_structure(lyon_admin, tree.lyon, "Région académique de Lyon")
    tree.lyon.refresh_from_db()
    assert tree.lyon.name == "Région académique de Lyon"


def test_rename_denied_outside_the_subtree(lyon_admin, tree):
    with pytest.raises(PermissionDenied):
        services.rename_structure(lyon_admin, tree.grenoble, "Ailleurs")
    tree.grenoble.refresh_from_db()
    assert tree.grenoble.name == "Académie de Grenoble"


def test_move_within_the_subtree(lyon_admin, tree):
    ain = Structure.objects.create(name="DSDEN de l'Ain", parent=tree.lyon)
    services.move_structure(lyon_admin, tree.moulin, ain)
    tree.moulin.refresh_from_db()
    assert tree.moulin.path == f"{ain.path}{tree.moulin.pk}/"


def test_move_outside_the_subtree_is_denied(lyon_admin, tree):
    with pytest.raises(PermissionDenied):
        services.move_structure(lyon_admin, tree.moulin, tree.isere)
    assert Structure.objects.get(pk=tree.moulin.pk).parent_id == tree.rhone.pk


def test_moving_the_top_of_ones_subtree_is_denied(lyon_admin, tree):
    with pytest.raises(PermissionDenied):
        services.move_structure(lyon_admin, tree.lyon, tree.grenoble)


def test_moving_in_from_another_subtree_is_denied(lyon_admin, tree):
    with pytest.raises(PermissionDenied):
        services.move_structure(lyon_admin, tree.champollion, tree.rhone)


def test_global_admin_moves_anywhere(global_admin, tree):
    services.move_structure(global_admin, tree.rhone, tree.grenoble)
    tree.ampere.refresh_from_db()
    assert tree.ampere.path.startswith(tree.grenoble.path)


def test_a_cycle_is_refused(global_admin, tree):
    with pytest.raises(ValidationError) as error:
        services.move_structure(global_admin, tree.lyon, tree.ampere)
    assert "parent" in error.value.message_dict
    assert Structure.objects.get(pk=tree.lyon.pk).parent_id is None


def test_delete_refused_with_a_message_naming_children_and_people(lyon_admin, tree):
    UserFactory.create_batch(2, structure=tree.rhone)
    with pytest.raises(ValidationError) as error:
        services.delete_structure(lyon_admin, tree.rhone)
    assert error.value.messages == [
        "« DSDEN du Rhône » ne peut pas être supprimée : elle contient encore 2 sous-structures, "
        "2 personnes rattachées."
    ]
    assert Structure.objects.filter(pk=tree.rhone.pk).exists()


def test_delete_refused_when_one_person_is_attached(lyon_admin, teacher, tree):
    with pytest.raises(ValidationError) as error:
        services.delete_structure(lyon_admin, tree.ampere)
    assert error.value.messages == [
        "« Lycée Ampère » ne peut pas être supprimée : elle contient encore 1 personne rattachée."
    ]


def test_delete_refused_on_any_other_protected_relation(global_admin, teacher, tree, monkeypatch):
    """Whatever still points at the structure through a PROTECT key (people here, the catalogue's services...) is
    named from the real ``ProtectedError``, e.g. when someone got attached after the first checks."""
    monkeypatch.setattr(services, "structure_deletion_refusal", lambda structure: None)
    with pytest.raises(ValidationError) as error:
        services.delete_structure(global_admin, tree.ampere)
    assert error.value.messages == [
        "« Lycée Ampère » ne peut pas être supprimée : des éléments y sont encore liés (1 utilisateur)."
    ]
    assert Structure.objects.filter(pk=tree.ampere.pk).exists()


def test_protected_objects_are_counted_per_model(tree):
    UserFactory.create_batch(2, structure=tree.rhone)
    with pytest.raises(models.ProtectedError) as error:
        tree.rhone.delete()
    assert services.describe_protected_objects(error.value) == "2 structures, 2 utilisateurs"


def test_delete_allowed_when_empty(lyon_admin, tree):
    services.delete_structure(lyon_admin, tree.moulin)
    assert not Structure.objects.filter(pk=tree.moulin.pk).exists()


def test_delete_denied_to_the_direct_admin_of_the_structure(lyon_admin, tree):
    empty = Structure.objects.create(name="Vide")
    empty.admins.add(lyon_admin)
    lyon_admin.__dict__.pop("_administered_paths", None)
    with pytest.raises(PermissionDenied):
        services.delete_structure(lyon_admin, empty)


def test_delete_denied_in_another_subtree(lyon_admin, tree):
    with pytest.raises(PermissionDenied):
        services.delete_structure(lyon_admin, tree.champollion)
    assert Structure.objects.filter(pk=tree.champollion.pk).exists()
