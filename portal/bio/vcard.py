"""The vCard (3.0 or 4.0) of a card, built with ``vobject`` from a ``CardView``: only what this viewer may see."""

import vobject

VERSIONS = ("3.0", "4.0")


def build_vcard(view, card_url, version="3.0") -> str:
    card = vobject.vCard()
    card.add("version").value = version if version in VERSIONS else "3.0"
    card.add("n").value = vobject.vcard.Name(family=view.last_name, given=view.first_name)
    card.add("fn").value = view.full_name or view.public_name
    card.add("nickname").value = view.public_name
    if view.headline:
        card.add("title").value = view.headline
    if view.structure:
        card.add("org").value = [view.structure]
    if view.email:
        email = card.add("email")
        email.value = view.email
        email.type_param = "INTERNET" if version == "3.0" else "work"
    if view.skills:
        card.add("categories").value = list(view.skills)
    if view.biography:
        card.add("note").value = view.biography  # the Markdown source: a contacts app shows plain text
    card.add("url").value = card_url
    for link in view.links:
        card.add("url").value = link["url"]
    return card.serialize()
