"""Two structure moves at once do not interleave: a move locks the rows it reads and rewrites (PostgreSQL)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from portal.structures import services
from portal.structures.factories import StructureFactory
from portal.structures.models import Structure
from portal.users.factories import GlobalAdminFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's (SQLite has one writer; CI runs PostgreSQL)"
)


def tree_is_consistent():
    rows = {
        pk: (parent_id, path, depth)
        for pk, parent_id, path, depth in Structure.objects.values_list("pk", "parent_id", "path", "depth")
    }
    for pk, (parent_id, path, depth) in rows.items():
        expected = (rows[parent_id][1] if parent_id else "/") + f"{pk}/"
        if path != expected or depth != expected.count("/") - 2:
            return False
    return True


def run_two_moves(admin, early, late):
    """Run the move ``early`` (structure id, new parent id) in a transaction that commits half a second after it
    moved, and the move ``late`` meanwhile, each in its own thread and connection; returns their errors by name."""
    moved, errors = threading.Event(), []

    def move(structure_id, parent_id):
        services.move_structure(admin, Structure.objects.get(pk=structure_id), Structure.objects.get(pk=parent_id))

    def first():
        try:
            with transaction.atomic():
                move(*early)
                moved.set()
                time.sleep(0.5)  # commit late: the other move runs meanwhile
        except Exception as error:  # reported to the test
            errors.append(("early", error))
        finally:
            moved.set()
            connection.close()

    def second():
        try:
            moved.wait(5)
            move(*late)
        except Exception as error:  # reported to the test
            errors.append(("late", error))
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [(name, type(error)) for name, error in errors]


@pytest.mark.django_db(transaction=True)
def test_crossed_moves_one_wins_the_other_sees_the_cycle():
    """A under B while B goes under A: the second move waits for the first, then is refused as a cycle."""
    admin = GlobalAdminFactory()
    root = StructureFactory(name="Académie")
    first = StructureFactory(name="A", parent=root)
    second = StructureFactory(name="B", parent=root)
    StructureFactory(name="A1", parent=first)
    StructureFactory(name="B1", parent=second)
    errors = run_two_moves(admin, (first.pk, second.pk), (second.pk, first.pk))
    assert errors == [("late", ValidationError)]
    assert Structure.objects.get(pk=first.pk).parent_id == second.pk
    assert Structure.objects.get(pk=second.pk).parent_id == root.pk
    assert tree_is_consistent()


@pytest.mark.django_db(transaction=True)
def test_a_move_inside_a_subtree_moving_elsewhere_keeps_every_path():
    """A school changes district while its académie changes parent: both land, every path is right."""
    admin = GlobalAdminFactory()
    ministry = StructureFactory(name="Ministère")
    academy = StructureFactory(name="Académie")
    north, south = StructureFactory(name="Nord", parent=academy), StructureFactory(name="Sud", parent=academy)
    school = StructureFactory(name="Lycée", parent=north)
    StructureFactory(name="Annexe", parent=school)
    assert run_two_moves(admin, (school.pk, south.pk), (academy.pk, ministry.pk)) == []
    assert Structure.objects.get(pk=school.pk).path == f"/{ministry.pk}/{academy.pk}/{south.pk}/{school.pk}/"
    assert tree_is_consistent()
