"""API views of the catalogue and of the personal space. Thin: abilities decide, services write."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.core.api.permissions import AbilityPermission, IsActiveUser
from portal.structures.models import Structure

from .. import abilities, selectors, services
from ..models import Category, DefaultSpace, DefaultSpaceApplication, UserBookmark
from .filters import ServiceFilter
from .serializers import (
    BookmarkImportReportSerializer,
    BookmarkImportSerializer,
    BookmarkSerializer,
    CategorySerializer,
    DefaultSpaceApplicationSerializer,
    ServiceSerializer,
    SpaceEntrySerializer,
    SpaceInputSerializer,
    SpaceItemRefSerializer,
    SpaceSerializer,
)


class ServiceViewSet(viewsets.ModelViewSet):
    """Services: the visible ones plus those the person manages. Writes need the same abilities as the admin."""

    serializer_class = ServiceSerializer
    permission_classes = [AbilityPermission]
    filterset_class = ServiceFilter
    ability_map = {"retrieve": "view", "update": "update", "partial_update": "update", "destroy": "delete"}

    def get_queryset(self):
        return (
            selectors.services_viewable_by(self.request.user)
            .select_related("structure")
            .prefetch_related("categories", "business_regroupings")
            .order_by("title", "pk")
        )

    def get_abilities(self, user, service):
        return abilities.get_service_abilities(user, service)

    def perform_destroy(self, instance):
        services.delete_service(self.request.user, instance)


class CategoryViewSet(viewsets.ModelViewSet):
    """Categories: everybody reads them, global admins manage them."""

    serializer_class = CategorySerializer
    permission_classes = [AbilityPermission]
    queryset = Category.objects.order_by("name")
    pagination_class = None
    ability_map = {"retrieve": "view", "update": "update", "partial_update": "update", "destroy": "delete"}

    def get_abilities(self, user, category):
        return abilities.get_category_abilities(user, category)

    def perform_create(self, serializer):
        serializer.instance = services.create_category(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update_category(
            self.request.user, serializer.instance, name=serializer.validated_data.get("name", serializer.instance.name)
        )

    def perform_destroy(self, instance):
        services.delete_category(self.request.user, instance)


def _entries_json(user, pairs):
    resolved = selectors.space.resolve_entries(user, pairs)
    return [selectors.entry_as_json(resolved[pair]) for pair in pairs if pair in resolved]


class FavouriteListView(APIView):
    """My favourites: every item of my space (services, bookmarks, groups...), as displayed."""

    permission_classes = [IsActiveUser]

    @extend_schema(responses=SpaceEntrySerializer(many=True))
    def get(self, request):
        pairs = list(request.user.space_items.order_by("position", "pk").values_list("kind", "object_id"))
        return Response(_entries_json(request.user, pairs))

    @extend_schema(request=SpaceItemRefSerializer, responses={201: SpaceEntrySerializer})
    def post(self, request):
        serializer = SpaceItemRefSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kind, object_id = serializer.validated_data["kind"], serializer.validated_data["id"]
        services.add_to_space(request.user, kind, object_id)
        return Response(_entries_json(request.user, [(kind, object_id)])[0], status=status.HTTP_201_CREATED)


class FavouriteDetailView(APIView):
    permission_classes = [IsActiveUser]

    @extend_schema(responses={204: None})
    def delete(self, request, kind, object_id):
        services.remove_from_space(request.user, kind, object_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SpaceView(APIView):
    """My whole space: GET it, PUT it back rearranged (validated: nothing is saved when a part is wrong)."""

    permission_classes = [IsActiveUser]

    @extend_schema(responses=SpaceSerializer)
    def get(self, request):
        services.start_personal_spaces([request.user.pk])  # the first visit applies the default space
        return Response(selectors.personal_space(request.user).as_json())

    @extend_schema(request=SpaceInputSerializer, responses=SpaceSerializer)
    def put(self, request):
        services.save_space(request.user, request.data)
        return Response(selectors.personal_space(request.user).as_json())


class BookmarkViewSet(viewsets.ModelViewSet):
    """My personal bookmarks, with the import and export of browser files (Netscape HTML)."""

    serializer_class = BookmarkSerializer
    permission_classes = [AbilityPermission]
    ability_map = {"retrieve": "view", "update": "update", "partial_update": "update", "destroy": "delete"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no signed-in person
            return UserBookmark.objects.none()
        return UserBookmark.objects.filter(user=self.request.user).order_by("name", "pk")

    def get_abilities(self, user, bookmark):
        return abilities.get_bookmark_abilities(user, bookmark)

    def perform_destroy(self, instance):
        services.delete_bookmark(self.request.user, instance)

    @extend_schema(request={"multipart/form-data": BookmarkImportSerializer}, responses=BookmarkImportReportSerializer)
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request):
        from ..forms import BookmarkImportForm

        form = BookmarkImportForm(files=request.FILES, data={})
        if not form.is_valid():
            raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
        report = services.import_bookmarks(request.user, form.cleaned_data["file"])
        skipped = [{"name": name, "url": url, "reason": str(reason)} for name, url, reason in report.skipped]
        return Response({"created": report.created, "skipped": skipped})

    @extend_schema(responses={(200, "text/html"): OpenApiTypes.STR})
    @action(detail=False, methods=["get"], url_path="export")
    def export_file(self, request):
        from ..views import bookmark_export_response

        return bookmark_export_response(request.user)


def _structure_for_default_space(request, structure_id, ability="view"):
    structure = get_object_or_404(Structure, pk=structure_id)
    if not abilities.get_default_space_abilities(request.user, structure)[ability]:
        raise PermissionDenied
    return structure


STRUCTURE_ID = OpenApiParameter("structure_id", int, OpenApiParameter.PATH)


class DefaultSpaceView(APIView):
    """A structure's default space (its admins): zones of services, without unsorted items."""

    permission_classes = [IsActiveUser]

    def _layout(self, structure):
        default_space = DefaultSpace.objects.filter(structure=structure).first()
        return selectors.default_space_layout(default_space, selectors.services_for_default_space(structure))

    @extend_schema(parameters=[STRUCTURE_ID], responses=SpaceSerializer)
    def get(self, request, structure_id):
        return Response(self._layout(_structure_for_default_space(request, structure_id)))

    @extend_schema(parameters=[STRUCTURE_ID], request=SpaceInputSerializer, responses=SpaceSerializer)
    def put(self, request, structure_id):
        structure = _structure_for_default_space(request, structure_id, "update")
        services.save_default_space(request.user, structure, request.data)
        return Response(self._layout(structure))


class DefaultSpaceApplyView(APIView):
    permission_classes = [IsActiveUser]

    @extend_schema(parameters=[STRUCTURE_ID], request=None, responses={202: DefaultSpaceApplicationSerializer})
    def post(self, request, structure_id):
        structure = _structure_for_default_space(request, structure_id, "apply")
        application = services.start_default_space_application(request.user, structure)
        return Response(DefaultSpaceApplicationSerializer(application).data, status=status.HTTP_202_ACCEPTED)


class DefaultSpaceApplicationView(APIView):
    """The progress of the latest "apply to everybody" (polled by the default space page)."""

    permission_classes = [IsActiveUser]

    @extend_schema(parameters=[STRUCTURE_ID], responses=DefaultSpaceApplicationSerializer)
    def get(self, request, structure_id):
        structure = _structure_for_default_space(request, structure_id)
        application = get_object_or_404(
            DefaultSpaceApplication.objects.filter(default_space__structure=structure).order_by("-pk")[:1]
        )
        return Response(DefaultSpaceApplicationSerializer(application).data)
