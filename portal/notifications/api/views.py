"""JSON API: my notifications and the information messages I see. Thin: selectors read, services write."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.core.api.permissions import AbilityPermission
from portal.core.gates import allow_without_structure

from .. import selectors, services
from ..abilities import get_notification_abilities
from .filters import NotificationFilter
from .serializers import (
    CountSerializer,
    InformationMessageSerializer,
    NotificationSerializer,
    TabSerializer,
    UnreadCountsSerializer,
)


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """My own notifications: another person's id answers 404, whoever asks."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    permission_classes = [AbilityPermission]
    ability_map = {"retrieve": "view", "destroy": "delete", "read": "mark_read"}

    def get_queryset(self):
        return selectors.notifications_of(self.request.user)

    def get_abilities(self, user, obj):
        return get_notification_abilities(user, obj)

    def perform_destroy(self, instance):
        services.delete_notification(self.request.user, instance)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        services.mark_read(request.user, notification)
        return Response(self.get_serializer(notification).data)

    def _tab(self, request):
        body = TabSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data.get("tab")

    @extend_schema(request=TabSerializer, responses=CountSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark all my unread notifications (of one tab when ``tab`` is given) as read."""
        return Response({"count": services.mark_all_read(request.user, self._tab(request))})

    @extend_schema(request=TabSerializer, responses=CountSerializer)
    @action(detail=False, methods=["post"], url_path="delete-read")
    def delete_read(self, request):
        """Delete my read notifications (of one tab when ``tab`` is given)."""
        return Response({"count": services.delete_all(request.user, self._tab(request), only_read=True)})

    @extend_schema(request=TabSerializer, responses=CountSerializer)
    @action(detail=False, methods=["post"], url_path="delete-all")
    def delete_all(self, request):
        """Delete all my notifications (of one tab when ``tab`` is given)."""
        return Response({"count": services.delete_all(request.user, self._tab(request))}, status=status.HTTP_200_OK)

    @extend_schema(responses=UnreadCountsSerializer)
    @action(detail=False, methods=["get"], url_path="unread-counts", filterset_class=None)
    def unread_counts(self, request):
        """My unread notifications, in all and per tab (one query)."""
        return Response(selectors.unread_counts(request.user))


@allow_without_structure  # like the informations page
class InformationMessageViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The information messages I see: national ones and those of my structure and its ancestors, newest first."""

    serializer_class = InformationMessageSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.visible_information_messages(self.request.user)
