"""The agenda JSON API (``/api/v1/events/`` and ``/api/v1/me/agenda-feed/``). Thin: abilities through
``AbilityPermission``, reads through the selectors, writes through the services (a refusal is a 403, bad input a
400 naming the field). An event the reader may not see is a 404, as on the pages."""

from datetime import date, datetime, time, timedelta

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.core.api.permissions import AbilityPermission, IsActiveUser

from .. import selectors, services
from ..abilities import get_event_abilities
from ..models import Event
from ..services import feeds
from .serializers import (
    AnswerSerializer,
    EventSerializer,
    EventWriteSerializer,
    FeedSerializer,
    OccurrenceSerializer,
    occurrences_data,
)

MAX_WINDOW = timedelta(days=366)
WINDOW_PARAMETERS = [
    OpenApiParameter("start", str, required=True, description="Start of the window (ISO 8601 date or datetime)"),
    OpenApiParameter("end", str, required=True, description="End of the window (excluded), at most a year later"),
    OpenApiParameter("group", int, description="Only the events of this group"),
    OpenApiParameter("category", int, description="Only the events of this category"),
    OpenApiParameter("mine", bool, description="Only the events I organise"),
]
SCOPE_PARAMETERS = [
    OpenApiParameter("scope", str, enum=["all", "this", "following"]),
    OpenApiParameter("occurrence", str, description="Original start of the occurrence (ISO 8601, UTC)"),
]


def _moment(params, name):
    value = (params.get(name) or "").strip()
    if not value:
        raise ValidationError({name: [_("Ce paramètre est obligatoire.")]})
    moment = parse_datetime(value) if "T" in value else None
    if moment is None:
        day = parse_date(value) if len(value) == 10 else None
        if day is None:
            raise ValidationError({name: [_("Date invalide.")]})
        moment = datetime.combine(day, time.min)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def window(params):
    try:
        start, end = _moment(params, "start"), _moment(params, "end")
    except ValueError as error:
        raise ValidationError({"start": [_("Date invalide.")]}) from error
    if end <= start:
        raise ValidationError({"end": [_("La fin doit être après le début.")]})
    if end - start > MAX_WINDOW:
        raise ValidationError({"end": [_("La période demandée dépasse un an.")]})
    return start, end


def _int_param(params, name):
    value = params.get(name)
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise ValidationError({name: [_("Identifiant invalide.")]})
    return int(value)


def _occurrence(data):
    value = data.get("occurrence")
    if value in (None, ""):
        return None
    if isinstance(value, datetime | date):
        return value
    moment = parse_datetime(str(value))
    if moment is None or timezone.is_naive(moment):
        raise ValidationError({"occurrence": [_("Date invalide.")]})
    return moment


class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Events: the occurrences of a window (``start`` and ``end`` required), an event, creation, changes with a
    scope, deletion with a scope, and the answer of a participant."""

    permission_classes = [AbilityPermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    serializer_class = EventSerializer
    ability_map = {"retrieve": "view", "partial_update": "update", "destroy": "delete", "answer": "answer"}
    queryset = Event.objects.none()
    pagination_class = None

    def get_abilities(self, user, event):
        return get_event_abilities(user, event)

    def get_object(self):
        value = str(self.kwargs.get("pk", ""))
        event = selectors.event_for_viewer(self.request.user, int(value)) if value.isdigit() else None
        if event is None or not get_event_abilities(self.request.user, event).get("view"):
            raise Http404
        self.check_object_permissions(self.request, event)
        return event

    def _detail(self, event, status_code=status.HTTP_200_OK):
        event = selectors.event_for_viewer(self.request.user, event.parent_id or event.pk)
        context = {
            "request": self.request,
            "participants": list(selectors.participants_of(event)),
            "abilities": get_event_abilities(self.request.user, event),
        }
        return Response(EventSerializer(event, context=context).data, status=status_code)

    @extend_schema(parameters=WINDOW_PARAMETERS, responses=OccurrenceSerializer(many=True))
    def list(self, request, *args, **kwargs):
        params = request.query_params
        start, end = window(params)
        occurrences = selectors.agenda_of(
            request.user,
            start,
            end,
            group_id=_int_param(params, "group"),
            category_id=_int_param(params, "category"),
            mine=params.get("mine", "").lower() in {"1", "true", "yes"},
        )
        return Response(occurrences_data(occurrences, request))

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    @extend_schema(request=EventWriteSerializer, responses={201: EventSerializer})
    def create(self, request, *args, **kwargs):
        serializer = EventWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = {k: v for k, v in serializer.validated_data.items() if k not in ("scope", "occurrence")}
        event = services.create_event(organiser=request.user, **values)
        return self._detail(event, status.HTTP_201_CREATED)

    @extend_schema(request=EventWriteSerializer, responses=EventSerializer)
    def partial_update(self, request, *args, **kwargs):
        event = self.get_object()
        serializer = EventWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        scope = changes.pop("scope", "all")
        occurrence = _occurrence(changes)
        changes.pop("occurrence", None)
        changed = services.update_event(request.user, event, scope=scope, occurrence=occurrence, **changes)
        return self._detail(changed)

    @extend_schema(parameters=SCOPE_PARAMETERS, responses={204: None})
    def destroy(self, request, *args, **kwargs):
        event = self.get_object()
        scope = request.query_params.get("scope", "all")
        services.delete_event(request.user, event, scope=scope, occurrence=_occurrence(request.query_params))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=AnswerSerializer, responses=EventSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        event = self.get_object()
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.answer(request.user, event, serializer.validated_data["status"])
        return self._detail(event)


class AgendaFeedView(APIView):
    """My private subscription URL (GET); POST replaces it (the old one then answers 404)."""

    permission_classes = [IsActiveUser]

    def _answer(self, request, token, status_code=status.HTTP_200_OK):
        url = request.build_absolute_uri(reverse("agenda:feed", args=[token.token]))
        return Response(FeedSerializer({"url": url}).data, status=status_code)

    @extend_schema(responses=FeedSerializer)
    def get(self, request):
        return self._answer(request, feeds.feed_token(request.user))

    @extend_schema(request=None, responses=FeedSerializer)
    def post(self, request):
        return self._answer(request, feeds.regenerate_feed_token(request.user))
