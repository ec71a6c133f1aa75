"""Filters of the services list: category, structure ("national" or an id), state, search (accents ignored)."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Service
from ..selectors import search_services


class ServiceFilter(django_filters.FilterSet):
    category = django_filters.NumberFilter(field_name="categories", label=_("Catégorie (identifiant)"))
    structure = django_filters.CharFilter(method="filter_structure", label=_("Structure : identifiant ou « national »"))
    state = django_filters.TypedChoiceFilter(choices=Service.State.choices, coerce=int, label=_("État"))
    search = django_filters.CharFilter(method="filter_search", max_length=100, label=_("Recherche"))

    class Meta:
        model = Service
        fields = ["category", "structure", "state", "search", "is_beta", "offline"]

    def filter_structure(self, queryset, name, value):
        if value == "national":
            return queryset.filter(structure__isnull=True)
        if not value.isdigit():
            raise ValidationError({"structure": [_("Un identifiant de structure ou « national » est attendu.")]})
        return queryset.filter(structure_id=int(value))

    def filter_search(self, queryset, name, value):
        return search_services(queryset, value)
