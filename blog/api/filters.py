"""Filters of the articles list: author, structure (with its subtree), tag, group, search, and one's own drafts."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.structures.models import Structure

from .. import selectors
from ..models import Article


class ArticleFilter(django_filters.FilterSet):
    author = django_filters.NumberFilter(field_name="author_id", label=_("Auteur (identifiant)"))
    structure = django_filters.NumberFilter(method="filter_structure", label=_("Structure et ses sous-structures"))
    tag = django_filters.NumberFilter(field_name="tags", label=_("Étiquette (identifiant)"))
    group = django_filters.NumberFilter(field_name="groups", label=_("Groupe (identifiant)"))
    search = django_filters.CharFilter(method="filter_search", max_length=100, label=_("Recherche"))
    draft = django_filters.BooleanFilter(method="filter_draft", label=_("Mes brouillons (vrai) ou publiés (faux)"))

    class Meta:
        model = Article
        fields = ["author", "structure", "tag", "group", "search", "draft"]

    def filter_structure(self, queryset, name, value):
        structure = Structure.objects.filter(pk=value).only("path").first()
        return selectors.in_subtree(queryset, structure) if structure else queryset.none()

    def filter_search(self, queryset, name, value):
        return selectors.search(queryset, value)

    def filter_draft(self, queryset, name, value):
        if value:
            return queryset.filter(is_draft=True, author_id=self.request.user.pk)
        return queryset.filter(Q(is_draft=False))
