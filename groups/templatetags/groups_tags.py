"""Small helpers of the group templates."""

from django import template

from ..models import Membership

register = template.Library()

_ROLE_LABELS = dict(Membership.Role.choices)


@register.filter
def role_label(role):
    """The translated label of a membership role ("admin" -> "Administrateur")."""
    return _ROLE_LABELS.get(role, "")
