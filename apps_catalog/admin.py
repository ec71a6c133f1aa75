"""Back office of the catalogue, scoped through the abilities: a structure admin sees and manages only the services
and business regroupings of their subtrees, and cannot create one elsewhere; national services and categories are
the global admins'."""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.core.abilities import is_global_admin
from portal.core.admin_scoping import GlobalAdminOnlyModelAdmin, ScopedModelAdmin
from portal.structures.abilities import is_structure_admin
from portal.structures.selectors import structures_administered_by

from . import services
from .abilities import can_create_service, get_regrouping_abilities, get_service_abilities
from .forms import BusinessRegroupingAdminForm, ServiceAdminForm
from .models import BusinessRegrouping, Category, Service, ServiceScreenshot
from .selectors import managed_services_for


def _form_with_actor(form_class, actor):
    """The admin builds its form class itself; this one hands the current person to the form's checks."""

    class FormWithActor(form_class):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("actor", actor)
            super().__init__(*args, **kwargs)

    return FormWithActor


class ServiceScreenshotInline(admin.TabularInline):
    model = ServiceScreenshot
    extra = 0
    fields = ("image", "caption", "position")


@admin.register(Service)
class ServiceAdmin(ScopedModelAdmin):
    form = ServiceAdminForm
    # The structure and the date are methods: Django never wraps a foreign key's or a date's cell, and a long
    # structure name then pushes the table past a 1280 px screen (issue #9 point 10).
    # "bêta" and "hors connexion" join the state in one column (the filters keep them apart).
    list_display = ("title", "structure_name", "status", "updated")
    list_filter = ("state", "is_beta", "offline", "categories")
    list_select_related = ("structure",)
    search_fields = ("title", "slug", "search_text")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("categories", "business_regroupings")
    inlines = [ServiceScreenshotInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "structure", "url", "state", "is_beta", "offline")}),
        (_("Description"), {"fields": ("team", "usage", "description", "content", "logo")}),
        (_("Classement"), {"fields": ("categories", "business_regroupings")}),
    )

    @admin.display(description=_("structure"), ordering="structure__name")
    def structure_name(self, obj):
        return obj.structure.name if obj.structure_id else _("Service national")

    @admin.display(description=_("état"), ordering="state")
    def status(self, obj):
        flags = [obj.get_state_display()]
        if obj.is_beta:
            flags.append(_("bêta"))
        if obj.offline:
            flags.append(_("hors connexion"))
        return " · ".join(str(flag) for flag in flags)

    @admin.display(description=_("modifié le"), ordering="updated_at")
    def updated(self, obj):
        return date_format(timezone.localtime(obj.updated_at), "SHORT_DATE_FORMAT")

    def scope_queryset(self, request, queryset):
        return queryset & managed_services_for(request.user)

    def get_abilities(self, user, obj):
        service_abilities = get_service_abilities(user, obj)
        return {
            "view": service_abilities["update"],
            "update": service_abilities["update"],
            "delete": service_abilities["delete"],
        }

    def can_add(self, request):
        return can_create_service(request.user)

    def get_readonly_fields(self, request, obj=None):
        # As in LaBoîte, a service stays in the structure it was created in.
        return ("structure",) if obj is not None else ()

    def get_form(self, request, obj=None, **kwargs):
        return _form_with_actor(super().get_form(request, obj, **kwargs), request.user)

    def save_related(self, request, form, formsets, change):
        # Categories and regroupings are set by the service (which checks the regroupings against the service's
        # structure), not by the form's save_m2m; the screenshots' inline follows.
        services.update_service(
            request.user,
            form.instance,
            categories=form.cleaned_data.get("categories"),
            business_regroupings=form.cleaned_data.get("business_regroupings"),
        )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Category)
class CategoryAdmin(GlobalAdminOnlyModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        if change:
            services.update_category(request.user, obj, name=obj.name)
        else:
            obj.pk = services.create_category(request.user, name=obj.name).pk  # the admin logs and redirects with it

    def delete_model(self, request, obj):
        services.delete_category(request.user, obj)

    def delete_queryset(self, request, queryset):
        for category in queryset:
            services.delete_category(request.user, category)


@admin.register(BusinessRegrouping)
class BusinessRegroupingAdmin(ScopedModelAdmin):
    form = BusinessRegroupingAdminForm
    list_display = ("name", "structure")
    list_select_related = ("structure",)
    search_fields = ("name",)

    def scope_queryset(self, request, queryset):
        if is_global_admin(request.user):
            return queryset
        return queryset.filter(structure__in=structures_administered_by(request.user))

    def get_abilities(self, user, obj):
        return get_regrouping_abilities(user, obj)

    def can_add(self, request):
        return is_global_admin(request.user) or is_structure_admin(request.user)

    def get_form(self, request, obj=None, **kwargs):
        return _form_with_actor(super().get_form(request, obj, **kwargs), request.user)
