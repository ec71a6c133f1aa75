"""The blog JSON API (``/api/v1/articles/``, ``/api/v1/tags/``). Thin: abilities through ``AbilityPermission``,
writes through the services (a refusal is a 403, bad input a 400 naming the field). An article the reader may not
see is a 404, as on the pages; signed-in active accounts only, like the rest of the API."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from portal.core.api.permissions import AbilityPermission

from .. import selectors, services
from ..abilities import get_article_abilities, get_tag_abilities
from ..models import Article, Tag
from .filters import ArticleFilter
from .serializers import (
    ArticleSerializer,
    ArticleWriteSerializer,
    ReasonSerializer,
    TagMergeSerializer,
    TagSerializer,
    TagWriteSerializer,
)


class _Base(viewsets.GenericViewSet):
    permission_classes = [AbilityPermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _pk(self):
        value = str(self.kwargs.get("pk", ""))
        return int(value) if value.isdigit() and len(value) < 19 else None

    def _valid(self, serializer_class, **kwargs):
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, _Base):
    """Articles the reader may see, newest first; filters: author, structure (subtree), tag, group, search, draft."""

    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    queryset = Article.objects.none()
    ability_map = {
        "retrieve": "view",
        "partial_update": "update",
        "destroy": "delete",
        "publish": "publish",
        "unpublish": "unpublish",
    }

    def get_abilities(self, user, article):
        return get_article_abilities(user, article)

    def get_queryset(self):
        user = self.request.user
        return (
            selectors.with_viewer_flags(selectors.for_listing(selectors.visible_articles(user)), user)
            .prefetch_related(selectors.readable_groups(user))
            .order_by("is_draft", "-published_at", "-updated_at", "-pk")
        )

    def get_object(self):
        pk = self._pk()
        article = selectors.article_for_viewer(self.request.user, pk=pk) if pk is not None else None
        if article is None or not get_article_abilities(self.request.user, article)["view"]:
            raise Http404
        self.check_object_permissions(self.request, article)
        return article

    def _answer(self, article, status_code=status.HTTP_200_OK):
        article = selectors.article_for_viewer(self.request.user, pk=article.pk)
        return Response(ArticleSerializer(article, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(request=ArticleWriteSerializer, responses={201: ArticleSerializer})
    def create(self, request):
        data = self._valid(ArticleWriteSerializer)
        article = services.create_article(request.user, **data)
        return self._answer(article, status.HTTP_201_CREATED)

    @extend_schema(request=ArticleWriteSerializer, responses=ArticleSerializer)
    def partial_update(self, request, pk=None):
        article = self.get_object()
        data = self._valid(ArticleWriteSerializer, partial=True)
        services.update_article(request.user, article, **data)
        return self._answer(article)

    @extend_schema(request=ReasonSerializer, responses={204: None})
    def destroy(self, request, pk=None):
        article = self.get_object()
        services.delete_article(request.user, article, self._valid(ReasonSerializer)["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=ArticleSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        article = services.publish_article(request.user, self.get_object())
        return self._answer(article)

    @extend_schema(request=ReasonSerializer, responses=ArticleSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None):
        article = self.get_object()
        services.unpublish_article(request.user, article, self._valid(ReasonSerializer)["reason"])
        return self._answer(article)


class TagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """Tags (``q`` searches the names); any active person creates one, global admins rename, merge, delete."""

    serializer_class = TagSerializer
    queryset = Tag.objects.none()
    ability_map = {"retrieve": "view", "partial_update": "update", "destroy": "delete", "merge": "merge"}

    def get_abilities(self, user, tag):
        return get_tag_abilities(user, tag)

    def get_queryset(self):
        return selectors.tags_matching(self.request.query_params.get("q", "")[:50], limit=None)

    def get_object(self):
        pk = self._pk()
        tag = Tag.objects.filter(pk=pk).first() if pk is not None else None
        if tag is None:
            raise Http404
        self.check_object_permissions(self.request, tag)
        return tag

    @extend_schema(request=TagWriteSerializer, responses={201: TagSerializer})
    def create(self, request):
        tag = services.create_tag(request.user, self._valid(TagWriteSerializer)["name"])
        return Response(TagSerializer(tag).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TagWriteSerializer, responses=TagSerializer)
    def partial_update(self, request, pk=None):
        tag = self.get_object()
        services.rename_tag(request.user, tag, self._valid(TagWriteSerializer)["name"])
        return Response(TagSerializer(tag).data)

    def destroy(self, request, pk=None):
        services.delete_tag(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=TagMergeSerializer, responses=TagSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        source = self.get_object()
        target = Tag.objects.filter(pk=self._valid(TagMergeSerializer)["target"]).first()
        if target is None:
            raise ValidationError({"target": [_("Étiquette inconnue.")]})
        return Response(TagSerializer(services.merge_tags(request.user, source, target)).data)
