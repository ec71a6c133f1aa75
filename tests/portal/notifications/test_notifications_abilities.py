"""The permission layer of notifications and information messages: each rule, allowed and denied."""

import pytest

from portal.notifications.abilities import (
    can_manage_information_messages,
    can_write_information_for,
    get_information_message_abilities,
    get_notification_abilities,
)
from portal.notifications.factories import InformationMessageFactory, NotificationFactory
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db

NOTHING = {"view": False, "update": False, "publish": False, "delete": False}
READ_ONLY = {"view": True, "update": False, "publish": False, "delete": False}
EVERYTHING = {"view": True, "update": True, "publish": True, "delete": True}


# --- notifications ---


def test_the_recipient_may_read_mark_and_delete_their_notification(teacher):
    notification = NotificationFactory(user=teacher)
    assert get_notification_abilities(teacher, notification) == {"view": True, "mark_read": True, "delete": True}


def test_another_person_may_do_nothing_with_a_notification(teacher, tree):
    notification = NotificationFactory(user=teacher)
    other = UserFactory(structure=tree.ampere)
    assert get_notification_abilities(other, notification) == {"view": False, "mark_read": False, "delete": False}


def test_a_structure_admin_of_the_recipient_may_do_nothing_with_their_notification(teacher, lyon_admin):
    notification = NotificationFactory(user=teacher)
    assert get_notification_abilities(lyon_admin, notification) == {"view": False, "mark_read": False, "delete": False}


def test_a_global_admin_may_see_and_delete_but_not_mark_read_someone_elses_notification(teacher, global_admin):
    notification = NotificationFactory(user=teacher)
    assert get_notification_abilities(global_admin, notification) == {"view": True, "mark_read": False, "delete": True}


def test_a_deactivated_recipient_may_do_nothing(teacher):
    notification = NotificationFactory(user=teacher)
    teacher.is_active = False
    assert get_notification_abilities(teacher, notification) == {"view": False, "mark_read": False, "delete": False}


# --- information messages: who writes ---


def test_only_global_admins_write_national_messages(global_admin, lyon_admin, teacher):
    assert can_write_information_for(global_admin, None) is True
    assert can_write_information_for(lyon_admin, None) is False
    assert can_write_information_for(teacher, None) is False


def test_a_structure_admin_writes_for_their_structure_and_its_subtree_only(tree, lyon_admin):
    assert can_write_information_for(lyon_admin, tree.lyon) is True
    assert can_write_information_for(lyon_admin, tree.ampere) is True
    assert can_write_information_for(lyon_admin, tree.grenoble) is False
    assert can_write_information_for(lyon_admin, tree.champollion) is False


def test_a_school_admin_cannot_write_for_the_academie_above(tree):
    school_admin = UserFactory(structure=tree.ampere)
    tree.ampere.admins.add(school_admin)
    assert can_write_information_for(school_admin, tree.ampere) is True
    assert can_write_information_for(school_admin, tree.lyon) is False


def test_a_teacher_writes_nothing(tree, teacher):
    assert can_write_information_for(teacher, tree.ampere) is False


def test_who_opens_the_information_back_office(global_admin, lyon_admin, teacher):
    assert can_manage_information_messages(global_admin) is True
    assert can_manage_information_messages(lyon_admin) is True
    assert can_manage_information_messages(teacher) is False


# --- information messages: abilities on one message ---


def test_national_message_abilities_for_each_role(global_admin, lyon_admin, teacher):
    message = InformationMessageFactory()
    assert get_information_message_abilities(global_admin, message) == EVERYTHING
    assert get_information_message_abilities(lyon_admin, message) == READ_ONLY
    assert get_information_message_abilities(teacher, message) == READ_ONLY


def test_structure_message_abilities_for_each_role(tree, global_admin, lyon_admin, teacher):
    message = InformationMessageFactory(structure=tree.rhone)
    grenoble_admin = UserFactory(structure=tree.grenoble)
    tree.grenoble.admins.add(grenoble_admin)
    grenoble_teacher = UserFactory(structure=tree.champollion)
    assert get_information_message_abilities(global_admin, message) == EVERYTHING
    assert get_information_message_abilities(lyon_admin, message) == EVERYTHING  # admin of an ancestor
    assert get_information_message_abilities(teacher, message) == READ_ONLY  # Ampère is under the Rhône
    assert get_information_message_abilities(grenoble_admin, message) == NOTHING  # another subtree
    assert get_information_message_abilities(grenoble_teacher, message) == NOTHING


def test_a_message_for_a_school_is_not_seen_from_its_sibling(tree):
    message = InformationMessageFactory(structure=tree.ampere)
    moulin_teacher = UserFactory(structure=tree.moulin)
    assert get_information_message_abilities(moulin_teacher, message) == NOTHING


def test_a_person_without_structure_sees_only_national_messages(tree):
    newcomer = UserFactory(structure=None)
    assert get_information_message_abilities(newcomer, InformationMessageFactory()) == READ_ONLY
    assert get_information_message_abilities(newcomer, InformationMessageFactory(structure=tree.lyon)) == NOTHING
