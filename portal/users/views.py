"""Pages of the users app: structure choice (with its validation workflow)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.core.gates import allow_without_structure
from portal.structures.selectors import search_structures

from . import services
from .forms import StructureChoiceForm

STRUCTURES_PER_PAGE = 20


@allow_without_structure
def choose_structure(request):
    """Search the tree and pick a structure; attached at once or sent for validation."""
    user = request.user
    if request.method == "POST":
        if "cancel" in request.POST:
            services.cancel_structure_request(user)
            messages.info(request, _("Votre demande a été annulée."))
            return redirect("choose_structure")
        form = StructureChoiceForm(request.POST)
        if form.is_valid():
            structure = form.cleaned_data["structure"]
            if services.request_structure(user, structure):
                messages.success(request, _("Vous êtes rattaché(e) à %(structure)s.") % {"structure": structure})
                return redirect("home")
            messages.info(
                request,
                _("Votre demande de rattachement à %(structure)s attend la validation de ses administrateurs.")
                % {"structure": structure},
            )
            return redirect("choose_structure")
        for error in form.errors.get("structure", []):
            messages.error(request, error)
    query = request.GET.get("q", "")[:100]
    page = Paginator(search_structures(query), STRUCTURES_PER_PAGE).get_page(request.GET.get("page")) if query else None
    return render(
        request,
        "users/choose_structure.html",
        {"query": query, "page": page, "awaiting": user.awaiting_structure},
    )
