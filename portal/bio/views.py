"""Pages of the bio cards: search, card, vCard, QR code, my card (check, edit, delete).

Thin: each view reads its input, asks the abilities, calls a selector or a service, and renders. A card the viewer
may not see answers 404 (its existence is not revealed). The search, the card, its vCard and its QR code are public
pages (no sign-in); what they show depends on the viewer, through ``selectors.card_view``.
"""

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.core.forms import add_service_errors

from . import selectors, services
from .abilities import get_card_abilities
from .federation import federation_id_of
from .forms import CardForm, LinkFormSet, SearchForm, links_from_formset
from .models import Card
from .sections import sections_for
from .vcard import VERSIONS, build_vcard

SEARCH_PAGE_SIZE = 20
MAX_RESULTS = 1000
CLOUD_SIZE = 10


@login_not_required
@require_GET
def search(request):
    structures = list(selectors.search_structures(request.user))
    form = SearchForm(request.GET, structures=structures)
    query, structure = form.value("q"), form.value("structure")
    # A structure that is not offered (no listed card there) or a malformed value finds nobody.
    cards = selectors.search_cards(request.user, query, structure) if form.is_valid() else Card.objects.none()
    paginator = Paginator(cards, SEARCH_PAGE_SIZE)
    # Counting stops after MAX_RESULTS (a frequent word or skill would otherwise count most of the directory).
    found = cards.order_by()[: MAX_RESULTS + 1].count()
    paginator.count = min(found, MAX_RESULTS)  # a cached_property: setting it skips the paginator's own COUNT
    page = paginator.get_page(request.GET.get("page"))
    all_skills = request.GET.get("skills") == "all"
    cloud = selectors.skill_cloud(request.user, limit=None if all_skills else CLOUD_SIZE)
    biggest = max((skill.card_count for skill in cloud), default=1)
    return render(
        request,
        "bio/search.html",
        {
            "form": form,
            "query": query,
            "structure": structure,
            "page_obj": page,
            "results": [selectors.card_view(request.user, card, with_biography_html=False) for card in page],
            "cloud": [(skill, 1 + round(3 * skill.card_count / biggest)) for skill in cloud],
            "all_skills": all_skills,
            "listed_count": selectors.listed_count(),
            "more_results": found > MAX_RESULTS,
        },
    )


def _visible_card(request, public_name):
    card = selectors.card_for_viewer(request.user, public_name)
    if card is None:
        raise Http404
    return card


@login_not_required
@require_GET
def card(request, public_name):
    card = _visible_card(request, public_name)
    abilities = get_card_abilities(request.user, card)
    return render(
        request,
        "bio/card.html",
        {
            "view": selectors.card_view(request.user, card),
            "card": card,
            "abilities": abilities,
            "card_url": request.build_absolute_uri(card.get_absolute_url()),
            "federation_id": federation_id_of(card.user) if abilities["view_federation_id"] else "",
            "sections": sections_for(request.user, card.user),
            "vcard_versions": VERSIONS,
        },
    )


@login_not_required
@require_GET
def card_vcard(request, public_name):
    card = _visible_card(request, public_name)
    version = request.GET.get("version", "3.0")
    if version not in VERSIONS:
        version = "3.0"
    view = selectors.card_view(request.user, card, with_biography_html=False)
    text = build_vcard(view, request.build_absolute_uri(card.get_absolute_url()), version)
    response = HttpResponse(text, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{card.public_name}.vcf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_not_required
@require_GET
def card_qr(request, public_name):
    card = _visible_card(request, public_name)
    buffer = io.BytesIO()
    segno.make(request.build_absolute_uri(card.get_absolute_url()), error="m").save(
        buffer, kind="svg", scale=4, border=2, title=card.public_name
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def my_card(request):
    """The owner's form. On first visit the card is created hidden and the page explains publication ("check
    your card"); saving marks it checked."""
    card = services.own_card(request.user)
    if card is None:
        raise Http404
    if request.method == "POST":
        form = CardForm(request.POST)
        links = LinkFormSet(request.POST, prefix="links")
        if form.is_valid() and links.is_valid():
            try:
                with transaction.atomic():
                    services.update_card(
                        request.user,
                        card,
                        form.card_data(),
                        skills=form.cleaned_data["skills"],
                        links=links_from_formset(links),
                    )
            except ValidationError as error:
                add_service_errors(form, error)
                card.refresh_from_db()
            else:
                messages.success(request, _("Votre carte est enregistrée."))
                return redirect(card.get_absolute_url())
        status = 400
    else:
        form = CardForm(initial=CardForm.initial_for(card))
        links = LinkFormSet(
            prefix="links",
            initial=[
                {"label": link.label, "url": link.url, "visibility": link.visibility, "ORDER": index + 1}
                for index, link in enumerate(card.links.all())
            ],
        )
        status = 200
    return render(
        request,
        "bio/edit.html",
        {"form": form, "links": links, "card": card, "first_visit": not card.checked, "email": request.user.email},
        status=status,
    )


def delete_my_card(request):
    card = services.own_card(request.user, create=False)
    if card is None:
        return redirect("bio:search")
    if request.method == "POST":
        services.delete_card(request.user, card)
        messages.success(request, _("Votre carte est supprimée."))
        return redirect("bio:search")
    return render(request, "bio/delete.html", {"card": card})
