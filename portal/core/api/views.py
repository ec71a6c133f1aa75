"""Views of the API frame itself."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import NotFound


@csrf_exempt
@login_not_required
def not_found(request, *args, **kwargs):
    """Any ``/api/`` address no route matches (``/groups/-1/``, a typo): a JSON 404 like the API's own, not the HTML
    page; it reveals nothing and changes nothing, whoever asks."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


def bad_request(request, exception=None):
    """``handler400``: a request Django refuses before any view (too many fields, a body too large...) is a JSON 400
    under ``/api/``, as schemathesis expects of the API, and Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Bad request."}, status=400)
    from django.views.defaults import bad_request as page

    return page(request, exception)
