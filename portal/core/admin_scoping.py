"""The base of every back-office (Django admin) page: rows and rights come from the abilities layer.

A structure admin reaches the admin (``User.is_staff`` is true for global and structure admins) but sees only what
``scope_queryset`` lets through, and may change only what ``get_abilities`` allows. Because autocompletes, raw-id
pop-ups and object URLs all go through ``get_queryset``, another subtree's rows are out of reach everywhere.
Deny by default: the base scope is "global admins only" and the base abilities are empty.
"""

from django.contrib import admin

from portal.core.abilities import is_global_admin
from portal.structures.selectors import structures_administered_by


class ScopedModelAdmin(admin.ModelAdmin):
    #: Foreign keys to ``structures.Structure`` whose choices are limited to the admin's subtrees.
    scoped_structure_fields = ("structure", "parent", "awaiting_structure")

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
