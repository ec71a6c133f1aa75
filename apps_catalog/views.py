"""Pages of the catalogue and of the personal space (being written)."""

from django.http import Http404


def personal_space(request):
    raise Http404


def service_launch(request, pk):
    raise Http404


def service_detail(request, slug, structure_id=None):
    raise Http404
