"""Serializers of the catalogue API: they validate and shape; every write goes through ``apps_catalog.services``."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.structures.models import Structure

from .. import abilities, services
from ..models import BusinessRegrouping, Category, DefaultSpaceApplication, Service, UserBookmark


class CategorySerializer(serializers.ModelSerializer):
    """Shapes a category; its rules (a unique name whatever the case) are the services'."""

    class Meta:
        model = Category
        fields = ["id", "name"]


class ServiceAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    launch = serializers.BooleanField()
    favourite = serializers.BooleanField()
    update = serializers.BooleanField()
    delete = serializers.BooleanField()


class ServiceSerializer(serializers.ModelSerializer):
    structure = serializers.PrimaryKeyRelatedField(queryset=Structure.objects.all(), allow_null=True, required=False)
    categories = serializers.PrimaryKeyRelatedField(many=True, queryset=Category.objects.all(), required=False)
    business_regroupings = serializers.PrimaryKeyRelatedField(
        many=True, queryset=BusinessRegrouping.objects.all(), required=False
    )
    detail_url = serializers.SerializerMethodField()
    launch_url = serializers.SerializerMethodField()
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = Service
        fields = [
            "id",
            "title",
            "slug",
            "structure",
            "team",
            "usage",
            "description",
            "content",
            "url",
            "logo",
            "state",
            "is_beta",
            "offline",
            "categories",
            "business_regroupings",
            "detail_url",
            "launch_url",
            "abilities",
        ]
        validators = []  # the model's constraints are checked by full_clean in the services

    def get_detail_url(self, service) -> str:
        return service.get_absolute_url()

    def get_launch_url(self, service) -> str:
        return service.get_launch_url()

    @extend_schema_field(ServiceAbilitiesSerializer)
    def get_abilities(self, service):
        return abilities.get_service_abilities(self.context["request"].user, service)

    def create(self, validated_data):
        return services.create_service(self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        return services.update_service(self.context["request"].user, instance, **validated_data)


class SpaceItemRefSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()


class SpaceEntrySerializer(SpaceItemRefSerializer):
    title = serializers.CharField()
    url = serializers.CharField()
    description = serializers.CharField()
    icon_url = serializers.CharField()
    badge = serializers.CharField()
    available = serializers.BooleanField()


class SpaceZoneSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, required=False)
    name = serializers.CharField(max_length=100)
    is_expanded = serializers.BooleanField(default=True)
    items = SpaceEntrySerializer(many=True)


class SpaceSerializer(serializers.Serializer):
    """Documentation of the layout's shape (the body is validated by ``apps_catalog.layout``)."""

    zones = SpaceZoneSerializer(many=True)
    unsorted = SpaceEntrySerializer(many=True)


class SpaceZoneInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    is_expanded = serializers.BooleanField(default=True)
    items = SpaceItemRefSerializer(many=True)


class SpaceInputSerializer(serializers.Serializer):
    zones = SpaceZoneInputSerializer(many=True)
    unsorted = SpaceItemRefSerializer(many=True, required=False)


class BookmarkSerializer(serializers.ModelSerializer):
    in_space = serializers.BooleanField(required=False, write_only=True, default=False)

    class Meta:
        model = UserBookmark
        fields = ["id", "name", "url", "tag", "created_at", "in_space"]
        read_only_fields = ["created_at"]
        validators = []  # (user, url) uniqueness is checked by the services' full_clean
        extra_kwargs = {"url": {"validators": []}}  # normalised (https:// added) then validated by the services

    def create(self, validated_data):
        return services.create_bookmark(self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("in_space", None)
        return services.update_bookmark(self.context["request"].user, instance, **validated_data)


class BookmarkImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class SkippedBookmarkSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.CharField()
    reason = serializers.CharField()


class BookmarkImportReportSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    skipped = SkippedBookmarkSerializer(many=True)


class DefaultSpaceApplicationSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    message = serializers.SerializerMethodField()

    class Meta:
        model = DefaultSpaceApplication
        fields = ["id", "status", "total", "done", "percent", "message", "created_at", "finished_at"]

    def get_message(self, application) -> str:
        return _("%(status)s : %(done)s personnes sur %(total)s.") % {
            "status": application.get_status_display(),
            "done": application.done,
            "total": application.total,
        }
