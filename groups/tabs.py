"""The tabs of a group page. The groups app provides the address book and the bookmarks; later apps (publications,
events, polls) register their own tab here from their ``AppConfig.ready()``::

    from groups.tabs import register_group_tab

    register_group_tab("events", _("Événements"), "agenda:group_events", order=30)

A tab is a link to the app's own page for the group (the URL name takes the group's slug). Only registered tabs
are shown: nothing is displayed for an app that is not installed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _members_only(user, group, abilities):
    return abilities["view_bookmarks"]


@dataclass(frozen=True)
class GroupTab:
    key: str
    label: object
    url_name: str
    order: int = 100
    #: ``visible(user, group, abilities) -> bool``; by default, the group's members (and its admins) only.
    visible: Callable = _members_only


_tabs: dict[str, GroupTab] = {}


def register_group_tab(key, label, url_name, order=100, visible=_members_only):
    _tabs[key] = GroupTab(key, label, url_name, order, visible)


def unregister_group_tab(key):
    _tabs.pop(key, None)


register_group_tab("members", _("Annuaire"), "groups:detail", order=0, visible=lambda user, group, abilities: True)
register_group_tab("bookmarks", _("Marque-pages"), "groups:bookmarks", order=10)


def tabs_for(user, group, abilities, current):
    """``[{"key", "label", "url", "current"}]`` for the tabs this person may open, in order."""
    return [
        {
            "key": tab.key,
            "label": tab.label,
            "url": reverse(tab.url_name, args=[group.slug]),
            "current": tab.key == current,
        }
        for tab in sorted(_tabs.values(), key=lambda tab: (tab.order, tab.key))
        if tab.visible(user, group, abilities)
    ]
