"""JSON shapes of the groups API. Input serializers only shape types and lengths; the rules are the services'."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..abilities import get_bookmark_abilities, get_group_abilities, role_in
from ..models import NAME_MAX_LENGTH, Group, GroupBookmark, Membership


class GroupSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    avatar = serializers.SerializerMethodField()
    member_count = serializers.IntegerField(read_only=True)
    role = serializers.SerializerMethodField()
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = Group
        fields = [
            "id",
            "name",
            "slug",
            "type",
            "description",
            "content",
            "avatar",
            "structure",
            "plugins",
            "member_count",
            "role",
            "abilities",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri-reference", "nullable": True})
    def get_avatar(self, group):
        return group.avatar.url if group.avatar else None

    @extend_schema_field(serializers.ChoiceField(choices=Membership.Role.choices, allow_null=True))
    def get_role(self, group):
        return role_in(self.context["request"].user, group)

    @extend_schema_field(serializers.DictField(child=serializers.BooleanField()))
    def get_abilities(self, group):
        return get_group_abilities(self.context["request"].user, group)


class GroupWriteSerializer(serializers.Serializer):
    """Creation (name required) and partial update; ``avatar`` through multipart, ``null`` clears it."""

    name = serializers.CharField(max_length=NAME_MAX_LENGTH)
    type = serializers.ChoiceField(
        choices=[choice for choice in Group.Type.choices if choice[0] in Group.CHOOSABLE_TYPES]
    )
    description = serializers.CharField(max_length=500, allow_blank=True, required=False)
    content = serializers.CharField(allow_blank=True, required=False)
    plugins = serializers.DictField(child=serializers.BooleanField(), required=False)
    avatar = serializers.ImageField(required=False, allow_null=True)

    def service_kwargs(self):
        data = dict(self.validated_data)
        if "avatar" in data and data["avatar"] is None:
            if self.partial:
                data["avatar"] = False  # an update's null clears the avatar
            else:
                del data["avatar"]  # a new group has none to clear
        return data


class StructureBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MemberSerializer(serializers.Serializer):
    """One line of the address book; ``email`` is null unless the reader is a member of the group."""

    id = serializers.IntegerField(source="user.pk")
    username = serializers.CharField(source="user.username")
    first_name = serializers.CharField(source="user.first_name")
    last_name = serializers.CharField(source="user.last_name")
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    structure = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()

    @extend_schema_field(StructureBriefSerializer(allow_null=True))
    def get_structure(self, membership):
        structure = membership.user.structure
        return {"id": structure.pk, "name": structure.name} if structure else None

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_email(self, membership):
        return membership.user.email if self.context.get("show_emails") else None


class UserRefSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1)


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class SourceGroupSerializer(serializers.Serializer):
    source = serializers.IntegerField(min_value=1)


class BroadcastSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=5000, allow_blank=True, required=False, default="")


class GroupCountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class GroupBookmarkSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = GroupBookmark
        fields = ["id", "group", "url", "name", "tag", "author", "created_at", "updated_at", "abilities"]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_author(self, bookmark):
        author = bookmark.author
        if author is None:
            return None
        return {"id": author.pk, "first_name": author.first_name, "last_name": author.last_name}

    @extend_schema_field(serializers.DictField(child=serializers.BooleanField()))
    def get_abilities(self, bookmark):
        return get_bookmark_abilities(self.context["request"].user, bookmark, self.context.get("group_abilities"))


class GroupBookmarkWriteSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=512)
    name = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    tag = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
