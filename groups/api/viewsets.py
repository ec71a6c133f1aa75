"""The groups JSON API (``/api/v1/groups/...``). Thin: abilities through ``AbilityPermission``, writes through the
services, whose refusals become 403 (not allowed) or 400 naming the field (a wrong transition).

A group the reader may not see is a 404, as on the pages. E-mail addresses of the address book are only given to
the group's members; the API never answers anonymous requests (401).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from portal.core.api.permissions import AbilityPermission
from portal.users.models import User

from .. import selectors, services
from ..abilities import get_bookmark_abilities, get_group_abilities
from ..models import Group, GroupBookmark
from .serializers import (
    BroadcastSerializer,
    GroupBookmarkSerializer,
    GroupBookmarkWriteSerializer,
    GroupCountSerializer,
    GroupSerializer,
    GroupWriteSerializer,
    MemberSerializer,
    RoleSerializer,
    SourceGroupSerializer,
    UserRefSerializer,
)

_TRUE = {"1", "true", "yes", "on"}
USER_ID = OpenApiParameter("user_id", int, OpenApiParameter.PATH, description="Id of the person")


def _member(user_id):
    return get_object_or_404(User, pk=user_id)


class _AbilityViewSet(viewsets.GenericViewSet):
    """Abilities through ``AbilityPermission``; PUT is not offered (PATCH is)."""

    permission_classes = [AbilityPermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _lookup_pk(self):
        value = str(self.kwargs.get("pk", ""))
        return int(value) if value.isdigit() else None


class GroupViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    _AbilityViewSet,
):
    """Groups: the directory (visible groups, ``q``, ``type``, ``mine``), a group, creation, edition, deletion."""

    serializer_class = GroupSerializer
    # Membership transitions are "view" here: the service answers a clear 400 or 403 for each refusal.
    ability_map = {
        "retrieve": "view",
        "update": "update",
        "partial_update": "update",
        "destroy": "delete",
        "members": "view_members",
        "candidates": "manage_members",
        "join": "view",
        "leave": "view",
        "request_membership": "view",
        "cancel_request": "view",
        "add_member": "view",
        "remove_member": "view",
        "accept": "view",
        "refuse": "view",
        "set_role": "view",
        "unset_role": "view",
        "add_members_from": "view",
        "broadcast": "view",
        "favourite": "view",
        "unfavourite": "view",
        "bookmarks": "view",
    }
    queryset = Group.objects.none()

    def get_abilities(self, user, group):
        return get_group_abilities(user, group)

    def get_queryset(self):
        params = self.request.query_params
        return selectors.directory(
            self.request.user,
            query=params.get("q", "")[:100],
            group_type=params.get("type", ""),
            mine=params.get("mine", "").lower() in _TRUE,
        )

    def get_object(self):
        pk = self._lookup_pk()
        if pk is None:
            raise Http404
        group = selectors.visible_group_or_404(self.request.user, pk=pk)
        self.check_object_permissions(self.request, group)
        return group

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if self.action == "list" and page is not None:
            selectors.attach_roles(page, self.request.user)
        return page

    def _group_response(self, group, status_code=status.HTTP_200_OK):
        group = selectors.group_for_viewer(self.request.user, pk=group.pk)
        return Response(self.get_serializer(group).data, status=status_code)

    def _group_or_no_content(self, group):
        """The group as it now is, or 204 when the reader no longer sees it (they left a closed group)."""
        refreshed = selectors.visible_group(self.request.user, pk=group.pk)
        if refreshed is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.get_serializer(refreshed).data)

    @extend_schema(request=GroupWriteSerializer, responses={201: GroupSerializer})
    def create(self, request, *args, **kwargs):
        serializer = GroupWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        group = services.create_group(request.user, **serializer.service_kwargs())
        return self._group_response(group, status.HTTP_201_CREATED)

    @extend_schema(request=GroupWriteSerializer, responses=GroupSerializer)
    def update(self, request, *args, **kwargs):
        group = self.get_object()
        serializer = GroupWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_group(request.user, group, **serializer.service_kwargs())
        return self._group_response(group)

    def perform_destroy(self, instance):
        services.delete_group(self.request.user, instance)

    # --- the address book ---

    @extend_schema(
        methods=["get"],
        parameters=[OpenApiParameter("q", str), OpenApiParameter("role", str)],
        responses=MemberSerializer(many=True),
    )
    @extend_schema(methods=["post"], request=UserRefSerializer, responses={201: GroupSerializer})
    @action(detail=True, methods=["get", "post"])
    def members(self, request, pk=None):
        """GET: the address book (paginated). POST ``{"user": id}``: an admin or animator adds a member."""
        group = self.get_object()
        if request.method == "POST":
            return self.add_member(request, group)
        abilities = get_group_abilities(request.user, group)
        params = request.query_params
        page = self.paginate_queryset(selectors.address_book(group, params.get("q", "")[:100], params.get("role", "")))
        serializer = MemberSerializer(page, many=True, context={"show_emails": abilities["view_emails"]})
        return self.get_paginated_response(serializer.data)

    def add_member(self, request, group):
        serializer = UserRefSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.add_member(request.user, group, _member(serializer.validated_data["user"]))
        return self._group_response(group, status.HTTP_201_CREATED)

    @extend_schema(responses=MemberSerializer(many=True))
    @action(detail=True, methods=["get"])
    def candidates(self, request, pk=None):
        """Pending requests to join (admins and animators)."""
        group = self.get_object()
        page = super().paginate_queryset(selectors.candidates(group))
        return self.get_paginated_response(MemberSerializer(page, many=True, context={"show_emails": True}).data)

    # --- the reader's own membership ---

    def _self_action(self, service):
        group = self.get_object()
        service(self.request.user, group)
        return self._group_response(group)

    @extend_schema(request=None, responses=GroupSerializer)
    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        return self._self_action(services.join_group)

    @extend_schema(request=None, responses={200: GroupSerializer, 204: None})
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        group = self.get_object()
        services.leave_group(request.user, group)
        return self._group_or_no_content(group)

    @extend_schema(request=None, responses=GroupSerializer)
    @action(detail=True, methods=["post"], url_path="request")
    def request_membership(self, request, pk=None):
        return self._self_action(services.request_membership)

    @extend_schema(request=None, responses=GroupSerializer)
    @action(detail=True, methods=["post"], url_path="cancel-request")
    def cancel_request(self, request, pk=None):
        return self._self_action(services.cancel_request)

    @extend_schema(request=None, responses=GroupSerializer)
    @action(detail=True, methods=["post"])
    def favourite(self, request, pk=None):
        return self._self_action(services.favourite_group)

    @extend_schema(request=None, responses=GroupSerializer)
    @action(detail=True, methods=["post"])
    def unfavourite(self, request, pk=None):
        return self._self_action(services.unfavourite_group)

    # --- run by admins and animators ---

    def _member_action(self, service, user_id, *args):
        group = self.get_object()
        service(self.request.user, group, _member(user_id), *args)
        return self._group_response(group)

    @extend_schema(request=None, responses=GroupSerializer, parameters=[USER_ID])
    @action(detail=True, methods=["post"], url_path=r"members/(?P<user_id>\d+)/accept")
    def accept(self, request, pk=None, user_id=None):
        return self._member_action(services.accept_candidate, user_id)

    @extend_schema(request=None, responses=GroupSerializer, parameters=[USER_ID])
    @action(detail=True, methods=["post"], url_path=r"members/(?P<user_id>\d+)/refuse")
    def refuse(self, request, pk=None, user_id=None):
        return self._member_action(services.refuse_candidate, user_id)

    @extend_schema(request=None, responses={200: GroupSerializer, 204: None}, parameters=[USER_ID])
    @action(detail=True, methods=["delete"], url_path=r"members/(?P<user_id>\d+)")
    def remove_member(self, request, pk=None, user_id=None):
        """The group as it now is, or 204 when the reader removed themselves from a group they no longer see."""
        group = self.get_object()
        services.remove_member(request.user, group, _member(user_id))
        return self._group_or_no_content(group)

    @extend_schema(request=RoleSerializer, responses=GroupSerializer, parameters=[USER_ID])
    @action(detail=True, methods=["post"], url_path=r"members/(?P<user_id>\d+)/set-role")
    def set_role(self, request, pk=None, user_id=None):
        serializer = RoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._member_action(services.set_role, user_id, serializer.validated_data["role"])

    @extend_schema(request=RoleSerializer, responses=GroupSerializer, parameters=[USER_ID])
    @action(detail=True, methods=["post"], url_path=r"members/(?P<user_id>\d+)/unset-role")
    def unset_role(self, request, pk=None, user_id=None):
        serializer = RoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._member_action(services.unset_role, user_id, serializer.validated_data["role"])

    @extend_schema(request=SourceGroupSerializer, responses=GroupCountSerializer)
    @action(detail=True, methods=["post"], url_path="add-members-from")
    def add_members_from(self, request, pk=None):
        """Add every member of another group the reader administers (``{"source": id}``)."""
        group = self.get_object()
        serializer = SourceGroupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source = selectors.visible_group(request.user, pk=serializer.validated_data["source"])
        if source is None:
            return Response({"source": [_("Groupe inconnu.")]}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"count": services.add_members_from_group(request.user, group, source)})

    @extend_schema(request=BroadcastSerializer, responses=GroupCountSerializer)
    @action(detail=True, methods=["post"])
    def broadcast(self, request, pk=None):
        """Notify every member of the group (admins and animators); answers the number of people notified."""
        group = self.get_object()
        serializer = BroadcastSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        count = services.broadcast_to_group(request.user, group, **serializer.validated_data)
        return Response({"count": count})

    # --- bookmarks ---

    @extend_schema(methods=["get"], responses=GroupBookmarkSerializer(many=True))
    @extend_schema(methods=["post"], request=GroupBookmarkWriteSerializer, responses={201: GroupBookmarkSerializer})
    @action(detail=True, methods=["get", "post"])
    def bookmarks(self, request, pk=None):
        """GET: the group's bookmarks (members). POST: a member adds one."""
        group = self.get_object()
        abilities = get_group_abilities(request.user, group)
        context = {"request": request, "group_abilities": abilities}
        if request.method == "POST":
            serializer = GroupBookmarkWriteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            bookmark = services.add_bookmark(request.user, group, **serializer.validated_data)
            return Response(GroupBookmarkSerializer(bookmark, context=context).data, status=status.HTTP_201_CREATED)
        if not abilities["view_bookmarks"]:
            raise PermissionDenied
        page = super().paginate_queryset(selectors.bookmarks_of(group))
        for bookmark in page:
            bookmark.group = group
        return self.get_paginated_response(GroupBookmarkSerializer(page, many=True, context=context).data)


class GroupBookmarkViewSet(
    mixins.RetrieveModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, _AbilityViewSet
):
    """One group bookmark: read (members), edit and delete (its author, the group's admins, global admins)."""

    serializer_class = GroupBookmarkSerializer
    ability_map = {
        "retrieve": "view",
        "update": "update",
        "partial_update": "update",
        "destroy": "delete",
        "favourite": "favourite",
        "unfavourite": "view",
    }
    queryset = GroupBookmark.objects.none()

    def get_abilities(self, user, bookmark):
        return get_bookmark_abilities(user, bookmark)

    def get_object(self):
        pk = self._lookup_pk()
        bookmark = GroupBookmark.objects.select_related("author").filter(pk=pk).first() if pk is not None else None
        if bookmark is None:
            raise Http404
        bookmark.group = selectors.group_for_viewer(self.request.user, pk=bookmark.group_id)
        if not get_group_abilities(self.request.user, bookmark.group)["view_bookmarks"]:
            raise Http404
        self.check_object_permissions(self.request, bookmark)
        return bookmark

    @extend_schema(request=GroupBookmarkWriteSerializer, responses=GroupBookmarkSerializer)
    def update(self, request, *args, **kwargs):
        bookmark = self.get_object()
        serializer = GroupBookmarkWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_bookmark(request.user, bookmark, **serializer.validated_data)
        return Response(self.get_serializer(bookmark).data)

    def perform_destroy(self, instance):
        services.delete_bookmark(self.request.user, instance)

    @extend_schema(request=None, responses=GroupBookmarkSerializer)
    @action(detail=True, methods=["post"])
    def favourite(self, request, pk=None):
        bookmark = self.get_object()
        services.favourite_bookmark(request.user, bookmark)
        return Response(self.get_serializer(bookmark).data)

    @extend_schema(request=None, responses=GroupBookmarkSerializer)
    @action(detail=True, methods=["post"])
    def unfavourite(self, request, pk=None):
        bookmark = self.get_object()
        services.unfavourite_bookmark(request.user, bookmark)
        return Response(self.get_serializer(bookmark).data)
