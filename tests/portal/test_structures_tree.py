"""The materialized-path tree: one query per subtree or ancestor read, moves, cycles, sibling names."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from portal.structures.factories import StructureFactory
from portal.structures.models import Structure
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_paths_and_depths_follow_the_tree(tree):
    assert tree.lyon.path == f"/{tree.lyon.pk}/"
    assert tree.ampere.path == f"/{tree.lyon.pk}/{tree.rhone.pk}/{tree.ampere.pk}/"
    assert (tree.lyon.depth, tree.rhone.depth, tree.ampere.depth) == (0, 1, 2)


def test_subtree_is_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = [s.name for s in tree.lyon.get_descendants(include_self=True)]
    assert names == ["Académie de Lyon", "DSDEN du Rhône", "Lycée Ampère", "Collège Jean Moulin"]


def test_ancestors_are_one_query_root_first(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = [s.name for s in tree.ampere.get_ancestors()]
    assert names == ["Académie de Lyon", "DSDEN du Rhône"]


def test_moving_a_structure_rewrites_its_whole_subtree(tree):
    tree.rhone.parent = tree.grenoble
    tree.rhone.save()
    tree.ampere.refresh_from_db()
    assert tree.ampere.path == f"/{tree.grenoble.pk}/{tree.rhone.pk}/{tree.ampere.pk}/"
    assert tree.ampere.depth == 2
    assert list(tree.lyon.get_descendants()) == []
    assert {s.name for s in tree.grenoble.get_descendants()} >= {"DSDEN du Rhône", "Lycée Ampère"}


def test_a_structure_cannot_become_its_own_descendant(tree):
    tree.lyon.parent = tree.ampere
    with pytest.raises(ValidationError):
        tree.lyon.full_clean()
    with pytest.raises(ValidationError):
        tree.lyon.save()
    tree.lyon.refresh_from_db()
    assert tree.lyon.parent is None


def test_sibling_names_are_unique_case_insensitively(tree):
    with pytest.raises(ValidationError):
        Structure(name="lycée ampère", parent=tree.rhone).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Structure.objects.create(name="LYCÉE AMPÈRE".lower(), parent=tree.rhone)


def test_root_names_are_unique_too(tree):
    with pytest.raises(ValidationError):
        Structure(name="académie de lyon").full_clean()


def test_same_name_under_another_parent_is_allowed(tree):
    Structure(name="Lycée Ampère", parent=tree.isere).full_clean()


def test_deleting_a_structure_with_children_or_users_is_refused(tree):
    with pytest.raises(ProtectedError):
        tree.rhone.delete()
    UserFactory(structure=tree.champollion)
    with pytest.raises(ProtectedError):
        tree.champollion.delete()
    leaf = StructureFactory(parent=tree.isere)
    leaf.delete()
    assert not Structure.objects.filter(pk=leaf.pk).exists()
