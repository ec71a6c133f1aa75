"""What the services of groups share: the role names, the ability check and the change signal."""

from django.core.exceptions import PermissionDenied

from .. import signals
from ..abilities import forget_roles
from ..models import Group, Membership

Role = Membership.Role


def require(abilities, name, message):
    if not abilities.get(name):
        raise PermissionDenied(message)


def membership_changed(group, *users):
    forget_roles(group)
    signals.memberships_changed.send(sender=Group, group_ids=[group.pk], user_ids=[user.pk for user in users])
