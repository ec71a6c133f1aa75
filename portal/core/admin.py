"""Back office of the portal-wide settings (global admins only), and the portal's admin site."""

from django.contrib import admin
from django.contrib.auth.models import Group
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from dsfr.admin import DsfrConfigAdmin
from dsfr.models import DsfrConfig

from .admin_scoping import GlobalAdminOnlyModelAdmin, ScopedModelAdmin
from .audit import audit_entries_visible_to
from .legal import default_legal_content
from .models import AuditEntry, LegalPage, SiteSettings

# Rights live in the abilities layer, not in Django groups and permissions: nothing to manage there.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)

# The State design system's settings (header, footer, notice banner): global admins only, like the site settings.
if admin.site.is_registered(DsfrConfig):
    admin.site.unregister(DsfrConfig)


@admin.register(DsfrConfig)
class PortalDsfrConfigAdmin(GlobalAdminOnlyModelAdmin, DsfrConfigAdmin):
    pass


@admin.register(SiteSettings)
class SiteSettingsAdmin(GlobalAdminOnlyModelAdmin):
    """A single row: the list page opens it directly."""

    fieldsets = (
        (_("Page de connexion"), {"fields": ("introduction_fr", "introduction_en")}),
        (_("Maintenance"), {"fields": ("maintenance", "maintenance_reason")}),
        (_("Rattachement aux structures"), {"fields": ("structure_validation_required",)}),
    )

    def can_add(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)
        site_settings = SiteSettings.load()
        return HttpResponseRedirect(reverse("admin:core_sitesettings_change", args=[site_settings.pk]))


@admin.register(LegalPage)
class LegalPageAdmin(GlobalAdminOnlyModelAdmin):
    list_display = ("key", "external_url", "updated")
    fields = ("key", "external_url", "content_fr", "content_en")

    @admin.display(description=_("modifiée le"), ordering="updated_at")
    def updated(self, obj):
        return obj.updated_at

    def get_changeform_initial_data(self, request):
        """A new page starts from the shipped default text of the page named by ``?key=`` (French and English)."""
        initial = super().get_changeform_initial_data(request)
        if initial.get("key") in LegalPage.Key.values:
            initial.setdefault("content_fr", default_legal_content(initial["key"], "fr"))
            initial.setdefault("content_en", default_legal_content(initial["key"], "en"))
        return initial


@admin.register(AuditEntry)
class AuditEntryAdmin(ScopedModelAdmin):
    """The audit trail, read-only: global admins see every entry, structure admins those of their subtrees."""

    list_display = ("created_at", "actor_name", "action", "object_label", "structure")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "object_label", "action")
    date_hierarchy = "created_at"
    list_select_related = ("structure",)
    fields = (
        "created_at",
        "actor",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "object_label",
        "structure",
        "previous_structure",
        "before",
        "after",
    )
    readonly_fields = fields
    show_full_result_count = False

    def scope_queryset(self, request, queryset):
        return audit_entries_visible_to(request.user, queryset)

    def get_abilities(self, user, obj):
        visible = audit_entries_visible_to(user, AuditEntry.objects.filter(pk=obj.pk)).exists()
        return {"view": visible, "update": False, "delete": False}

    def can_add(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
