"""JSON shapes of the blog API. Input serializers only shape types and lengths; the rules are the services'."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..abilities import get_article_abilities
from ..models import SUMMARY_MAX_LENGTH, TAG_MAX_LENGTH, TITLE_MAX_LENGTH, Article, Tag


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["id", "name"]


class _PersonSerializer(serializers.Serializer):
    """A public name only: never an e-mail nor a username."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="get_full_name")


class _StructureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class _GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    slug = serializers.CharField()


class ArticleSerializer(serializers.ModelSerializer):
    author = _PersonSerializer(read_only=True)
    structure = _StructureSerializer(read_only=True, allow_null=True)
    tags = TagSerializer(many=True, read_only=True)
    groups = _GroupSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "content",
            "content_html",
            "author",
            "structure",
            "tags",
            "groups",
            "licence",
            "visibility",
            "is_draft",
            "published_at",
            "updated_at",
            "visits",
            "url",
            "abilities",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(child=serializers.BooleanField()))
    def get_abilities(self, article):
        return get_article_abilities(self.context["request"].user, article)


class ArticleWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=TITLE_MAX_LENGTH)
    content = serializers.CharField(max_length=200_000)
    summary = serializers.CharField(max_length=SUMMARY_MAX_LENGTH, allow_blank=True, required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=TAG_MAX_LENGTH), max_length=10, required=False)
    groups = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=50, required=False)
    licence = serializers.ChoiceField(choices=Article.Licence.choices, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=Article.Visibility.choices, required=False)
    publish = serializers.BooleanField(required=False, default=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")


class TagWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=TAG_MAX_LENGTH)


class TagMergeSerializer(serializers.Serializer):
    target = serializers.IntegerField(min_value=1)
