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
