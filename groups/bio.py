"""The groups' section of a bio card (``portal.bio.sections``): the open groups of the card's owner, for signed-in
viewers (groups are not shown to anonymous visitors)."""

from django.utils.translation import gettext as _

from portal.core.abilities import is_active_user

from . import selectors


def open_groups_section(viewer, owner):
    if not is_active_user(viewer):
        return None
    groups = list(selectors.open_groups_of(owner.pk))
    return {
        "title": _("Groupes ouverts"),
        "items": [{"label": group.display_name, "url": group.get_absolute_url()} for group in groups],
        "empty": _("Aucun groupe ouvert."),
    }
