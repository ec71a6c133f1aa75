"""The bio JSON API (``/api/v1/bio/...``). Thin: reads through the selectors (every card through ``card_view``, so a
field the caller may not see is never sent), writes through the services (403 when not allowed, 400 naming the
field for bad input).

The search, a card and the skills are public (no sign-in; anonymous callers get the public fields); "my card"
needs a signed-in, active account.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.structures.models import Structure

from .. import selectors, services
from ..models import Card
from .serializers import (
    CardSerializer,
    CardSummarySerializer,
    MyCardSerializer,
    MyCardUpdateSerializer,
    SkillSerializer,
)

SKILL_LIMIT = 20


def card_payload(request, view, summary=False):
    data = {
        "public_name": view.public_name,
        "url": request.build_absolute_uri(view.card.get_absolute_url()),
        "first_name": view.first_name,
        "last_name": view.last_name,
        "headline": view.headline,
        "skills": view.skills,
        "structure": view.structure,
    }
    if summary:
        return data
    return {
        **data,
        "avatar_url": request.build_absolute_uri(view.avatar_url) if view.avatar_url else "",
        "biography": view.biography,
        "biography_html": view.biography_html,
        "email": view.email,
        "links": [{key: link[key] for key in ("label", "url", "network", "visibility")} for link in view.links],
    }


def my_card_payload(request, card):
    card = selectors.card_queryset().get(pk=card.pk)
    payload = card_payload(request, selectors.card_view(request.user, card))
    for name in ("published", "checked", "moderated", "moderation_reason", *card.VISIBILITY_FIELDS.values()):
        payload[name] = getattr(card, name)
    return payload


class MyCardView(APIView):
    """My card: read (created hidden on first use), change any fields and visibilities, delete."""

    http_method_names = ["get", "patch", "delete", "head", "options"]

    @extend_schema(responses=MyCardSerializer)
    def get(self, request):
        return Response(my_card_payload(request, services.own_card(request.user)))

    @extend_schema(request=MyCardUpdateSerializer, responses=MyCardSerializer)
    def patch(self, request):
        serializer = MyCardUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        skills, links = data.pop("skills", None), data.pop("links", None)
        card = services.own_card(request.user)
        services.update_card(request.user, card, data, skills=skills, links=links)
        return Response(my_card_payload(request, card))

    @extend_schema(responses={204: None})
    def delete(self, request):
        card = services.own_card(request.user, create=False)
        if card is None:
            raise Http404
        services.delete_card(request.user, card)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CardSearchView(generics.GenericAPIView):
    """Published cards: every word of ``q`` in the public name or names, ``#skill`` for a skill, ``structure`` (id)
    for a structure and its sub-structures. Only the fields the caller may see, never an e-mail."""

    permission_classes = [AllowAny]
    serializer_class = CardSummarySerializer
    queryset = Card.objects.none()  # for the schema; the search is ``selectors.search_cards``

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Words and #skills, all required"),
            OpenApiParameter("structure", int, description="Structure id (its sub-structures included)"),
        ],
        responses=CardSummarySerializer(many=True),
    )
    def get(self, request):
        structure = None
        raw = request.query_params.get("structure", "")
        if raw:
            if not raw.isdigit() or len(raw) > 18:
                return Response({"structure": [_("Identifiant de structure invalide.")]}, status=400)
            structure = Structure.objects.filter(pk=int(raw)).only("pk", "path").first()
            if structure is None:
                return Response({"structure": [_("Structure inconnue.")]}, status=400)
        cards = selectors.search_cards(request.user, request.query_params.get("q", ""), structure)
        page = self.paginate_queryset(cards)
        return self.get_paginated_response(
            [card_payload(request, selectors.card_view(request.user, card, False), summary=True) for card in page]
        )


class CardDetailView(APIView):
    """One card, with the fields the caller may see (404 when the card is not published)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=CardSerializer)
    def get(self, request, public_name):
        card = selectors.card_for_viewer(request.user, public_name)
        if card is None:
            raise Http404
        return Response(card_payload(request, selectors.card_view(request.user, card)))


class SkillListView(APIView):
    """Skills of the listed cards the caller may see, most used first; ``q`` completes a name (autocomplete)."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Start of the name (accents and case ignored)")],
        responses=SkillSerializer(many=True),
    )
    def get(self, request):
        skills = selectors.skill_cloud(request.user, limit=SKILL_LIMIT, query=request.query_params.get("q", "")[:50])
        return Response([{"name": skill.name, "card_count": skill.card_count} for skill in skills])
