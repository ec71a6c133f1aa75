"""The base of every back-office (Django admin) page: rows and rights come from the abilities layer.

A structure admin reaches the admin (``User.is_staff`` is true for global and structure admins) but sees only what
``scope_queryset`` lets through, and may change only what ``get_abilities`` allows. Because autocompletes, raw-id
pop-ups and object URLs all go through ``get_queryset``, another subtree's rows are out of reach everywhere.
Deny by default: the base scope is "global admins only" and the base abilities are empty.
"""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.core.abilities import is_global_admin
from portal.core.admin_counts import EstimatedCountPaginator
from portal.core.text import fold
from portal.structures.selectors import structures_administered_by


class ScopedModelAdmin(admin.ModelAdmin):
    # Web addresses typed without a scheme are read as https (Django 6's default, without its warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    #: Foreign keys to ``structures.Structure`` whose choices are limited to the admin's subtrees.
    scoped_structure_fields = ("structure", "parent", "awaiting_structure")
    # No COUNT(*) over a million rows on every list page: no count of the whole table, and the filtered count is
    # exact up to ``admin_counts.EXACT_COUNT_MAX`` rows, PostgreSQL's estimate beyond.
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    # --- to override ---

    def scope_queryset(self, request, queryset):
        """Rows this person may see in the back office."""
        return queryset if is_global_admin(request.user) else queryset.none()

    def get_abilities(self, user, obj) -> dict:
        """Abilities on one row; defaults to the global admin having them all."""
        granted = is_global_admin(user)
        return {"view": granted, "update": granted, "delete": granted}

    def can_add(self, request) -> bool:
        return is_global_admin(request.user)

    # --- Django admin hooks, answered from the above ---

    def get_queryset(self, request):
        return self.scope_queryset(request, super().get_queryset(request))

    def has_module_permission(self, request):
        return request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return request.user.is_staff
        return bool(self.get_abilities(request.user, obj).get("view"))

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return request.user.is_staff
        return bool(self.get_abilities(request.user, obj).get("update"))

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return request.user.is_staff
        return bool(self.get_abilities(request.user, obj).get("delete"))

    def has_add_permission(self, request):
        return self.can_add(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if (
            db_field.name in self.scoped_structure_fields
            and db_field.related_model._meta.label == "structures.Structure"
        ):
            kwargs["queryset"] = structures_administered_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class GlobalAdminOnlyModelAdmin(ScopedModelAdmin):
    """For tables only global admins manage (categories, e-mail domains, site settings...)."""

    def has_module_permission(self, request):
        return is_global_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_global_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_global_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_global_admin(request.user)


def _structure_filter_choices(user):
    """The structures a list filter offers: the admin's top structures and one level below (one query)."""
    from django.db.models import Q

    from portal.structures.abilities import administered_paths
    from portal.structures.models import Structure

    if is_global_admin(user):
        queryset = Structure.objects.filter(depth__lte=1)
    else:
        condition = Q()
        for path in administered_paths(user):
            condition |= Q(path__startswith=path, depth__lte=path.count("/") - 1)
        queryset = Structure.objects.filter(condition) if condition else Structure.objects.none()
    return list(queryset.order_by(*tree_ordering()).only("pk", "name", "path", "depth"))


def tree_ordering(prefix=""):
    """Order rows as the tree reads, a structure followed by its subtree (byte order of the path on any database)."""
    from django.db import connection
    from django.db.models.functions import Collate

    field = f"{prefix}path"
    return [Collate(field, "C")] if connection.vendor == "postgresql" else [field]


class StructureSubtreeListFilter(admin.SimpleListFilter):
    """ "In the subtree of" list filter that never reveals another subtree.

    It offers only the structures the admin manages (their top structures and one level below; deeper ones are
    reached through the search) and keeps the rows of the chosen structure's subtree. A value naming a structure the
    admin does not manage gives no rows at all, and its name is never shown.
    """

    title = _("structure (et ses sous-structures)")
    parameter_name = "structure"
    #: The relation from the listed model to its structure ("" when listing structures themselves).
    structure_field = "structure"

    def lookups(self, request, model_admin):
        offered = _structure_filter_choices(request.user)
        self._offered = {str(structure.pk): structure for structure in offered}
        top = min((structure.depth for structure in offered), default=0)
        return [(str(structure.pk), "— " * (structure.depth - top) + structure.name) for structure in offered]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        structure = self._offered.get(value)
        if structure is None and value.isdigit() and len(value) < 19:
            structure = structures_administered_by(request.user).filter(pk=int(value)).only("path").first()
        if structure is None:
            return queryset.none()
        prefix = f"{self.structure_field}__" if self.structure_field else ""
        return queryset.filter(**{f"{prefix}path__startswith": structure.path})


class FoldedSearchMixin:
    """Searches compare folded text (accent- and case-insensitive, as the stored ``search_*`` columns)."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


class DeleteThroughServiceMixin:
    """Deletions (the delete page and the bulk action) go through a service; a refusal becomes an error message.

    Define ``delete_objects(request, objs)`` (calls the service, raises ``ValidationError`` when refused) and, for
    cheap checks shown before Django builds its confirmation page, ``deletion_refusal(request, obj) -> str | None``.
    """

    def delete_objects(self, request, objs):
        raise NotImplementedError

    def deletion_refusal(self, request, obj):
        return None

    def get_deleted_objects(self, objs, request):
        """Django's summary of what goes with the rows, without its per-model permission check on the cascade:
        the service decides (an automatic group, say, goes with its structure whoever may delete the structure)."""
        deleted_objects, model_count, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted_objects, model_count, set(), protected

    def delete_model(self, request, obj):
        self.delete_objects(request, [obj])

    def delete_queryset(self, request, queryset):
        self.delete_objects(request, list(queryset))

    def _refused(self, request, error, obj=None):
        text = error if isinstance(error, str) else " ".join(getattr(error, "messages", [str(error)]))
        self.message_user(request, text, messages.ERROR)
        if obj is None:
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[quote(obj.pk)])
        )

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_delete_permission(request, obj):
            refusal = self.deletion_refusal(request, obj)
            if refusal:
                return self._refused(request, refusal, obj)
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            return self._refused(request, error, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (_delete_selected_through_service, name, description)
        return actions


def _delete_selected_through_service(modeladmin, request, queryset):
    try:
        with transaction.atomic():
            return delete_selected(modeladmin, request, queryset)
    except (ValidationError, PermissionDenied) as error:
        modeladmin.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
        return None
