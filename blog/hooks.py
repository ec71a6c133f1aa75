"""What the blog adds to other parts of the portal: the "Ma structure" block (latest articles of my structure's
subtree that I may read)."""

from django.urls import reverse

from . import selectors

STRUCTURE_BLOCK_SIZE = 4


def structure_block(request):
    structure = getattr(request.user, "structure", None)
    if structure is None:
        return None
    return {
        "template": "blog/_structure_block.html",
        "articles": selectors.latest_in_structure_subtree(request.user, structure, STRUCTURE_BLOCK_SIZE),
        "more_url": reverse("blog:structure", args=[structure.pk]),
    }


def bio_card_section(viewer, owner):
    """The bio card's "public articles" section (``portal.bio.sections``): the owner's latest public articles."""
    from django.utils.translation import gettext as _

    articles = selectors.public_articles_by_author(owner, limit=5)
    return {
        "title": _("Articles publics"),
        "items": [{"label": article.title, "url": article.get_absolute_url()} for article in articles],
        "empty": _("Aucun article public."),
    }
