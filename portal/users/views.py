"""Pages of the users app: structure choice (with its validation workflow)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.core.gates import allow_without_structure
from portal.structures.abilities import request_deciding_structure
from portal.structures.selectors import search_structures

from . import services
from .forms import StructureChoiceForm

STRUCTURES_PER_PAGE = 20


def who_decides(structure) -> str:
    """Tells the person whose decision their request to join ``structure`` waits for."""
    deciding = request_deciding_structure(structure)
    if deciding is None:
        return _(
            "Votre demande de rattachement à « %(structure)s » sera examinée par les administrateurs nationaux."
        ) % {"structure": structure.name}
    if deciding.pk == structure.pk:
        return _("Votre demande de rattachement à « %(structure)s » attend la validation de ses administrateurs.") % {
            "structure": structure.name
        }
    return _(
        "Votre demande de rattachement à « %(structure)s » sera examinée par les administrateurs de la structure "
        "« %(deciding)s »."
    ) % {"structure": structure.name, "deciding": deciding.name}


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
            lost = services.admin_roles_lost_by_moving(user, structure)
            if lost and request.POST.get("confirm") != "1":
                # A structure admin leaving their subtree loses the role: say so and ask before doing it.
                context = {"structure": structure, "lost": ", ".join(lost)}
                return render(request, "users/confirm_structure_change.html", context)
            if services.request_structure(user, structure):
                messages.success(request, _("Vous êtes rattaché(e) à %(structure)s.") % {"structure": structure})
                return redirect("home")
            messages.info(request, who_decides(structure))
            return redirect("choose_structure")
        for error in form.errors.get("structure", []):
            messages.error(request, error)
    query = request.GET.get("q", "")[:100]
    page = Paginator(search_structures(query), STRUCTURES_PER_PAGE).get_page(request.GET.get("page")) if query else None
    return render(
        request,
        "users/choose_structure.html",
        {
            "query": query,
            "page": page,
            "awaiting": user.awaiting_structure,
            "who_decides": who_decides(user.awaiting_structure) if user.awaiting_structure else "",
        },
    )
