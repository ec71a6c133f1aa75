"""Sections other apps add to a card page, without the bio app importing them (it is a core app).

An app registers from its ``AppConfig.ready()``::

    from portal.bio.sections import register_card_section

    register_card_section("groups", open_groups_section, order=20)

``render(viewer, owner) -> dict | None`` returns ``{"title": str, "items": [{"label": str, "url": str}],
"empty": str}`` (plain text, escaped by the template) or None to show nothing. It must cost a constant number of
queries (one, typically). Only registered sections are shown.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CardSection:
    key: str
    render: Callable
    order: int = 100


_sections: dict[str, CardSection] = {}


def register_card_section(key, render, order=100):
    _sections[key] = CardSection(key, render, order)


def unregister_card_section(key):
    _sections.pop(key, None)


def sections_for(viewer, owner) -> list[dict]:
    """The rendered sections, in order, leaving out those that return nothing."""
    rendered = []
    for section in sorted(_sections.values(), key=lambda section: (section.order, section.key)):
        result = section.render(viewer, owner)
        if result:
            rendered.append({"key": section.key, **result})
    return rendered
