"""Back office of the structure tree and of the e-mail domain table.

A structure admin sees and edits their subtrees only (``ScopedModelAdmin``); every write goes through
``portal.structures.services`` (tree changes) and ``portal.users.services`` (structure-admin roles).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.core.abilities import is_global_admin
from portal.core.admin_scoping import (
    DeleteThroughServiceMixin,
    FoldedSearchMixin,
    GlobalAdminOnlyModelAdmin,
    ScopedModelAdmin,
    StructureSubtreeListFilter,
    tree_ordering,
)
from portal.users import services as user_services
from portal.users.models import User

from . import selectors, services
from .abilities import administered_paths, get_structure_abilities
from .models import EmailDomain, Structure


class SubtreeFilter(StructureSubtreeListFilter):
    title = _("dans l'arborescence de")
    parameter_name = "subtree"
    structure_field = ""


class StructureAdminForm(forms.ModelForm):
    """Checks the actor's rights on the edited structure (new place included) with the service, as a form error."""

    actor = None  # set by ``StructureAdmin.get_form``

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        admins = self.fields.get("admins")
        if admins is not None and self.instance.pk:
            # Only people attached to this structure or below may administer it (current admins stay listed).
            admins.queryset = User.objects.filter(
                Q(structure__path__startswith=self.instance.path) | Q(pk__in=self.instance.admins.values("pk"))
            )
            admins.help_text = _("Seules les personnes rattachées à cette structure ou à ses sous-structures.")
        parent = self.fields.get("parent")
        if parent is not None and not is_global_admin(self.actor):
            parent.required = True

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            services.check_structure_save(self.actor, self.instance)
        except PermissionDenied as error:
            self.add_error("parent" if "parent" in self.fields else None, str(error))
        except ValidationError as error:
            self.add_error(None, error)


@admin.register(Structure)
class StructureAdmin(DeleteThroughServiceMixin, FoldedSearchMixin, ScopedModelAdmin):
    form = StructureAdminForm
    list_display = ("tree_name", "external_code", "people", "admins_list", "membership_needs_validation")
    list_filter = (SubtreeFilter, "membership_needs_validation")
    search_fields = ("search_name__contains", "=external_code")
    autocomplete_fields = ("parent", "admins")
    list_per_page = 100
    fieldsets = (
        (None, {"fields": ("name", "parent", "external_code", "membership_needs_validation")}),
        (
            _("Contact"),
            {"fields": ("contact_email", "contact_url", "forward_contact_to_parent", "forward_contact_to_admins")},
        ),
        (_("Présentation"), {"fields": ("introduction_fr", "introduction_en", "icon", "cover")}),
        (_("Administrateurs"), {"fields": ("admins",)}),
    )

    # --- scope and rights (abilities) ---

    def scope_queryset(self, request, queryset):
        if is_global_admin(request.user):
            return queryset
        return queryset.subtree_of_paths(administered_paths(request.user))

    def get_abilities(self, user, obj):
        return get_structure_abilities(user, obj)

    def can_add(self, request):
        return request.user.is_staff

    def has_view_permission(self, request, obj=None):
        # Every active person may "view" a structure on the portal; the back office shows only managed ones.
        return self.has_change_permission(request, obj)

    def get_ordering(self, request):
        return tree_ordering()

    def get_changelist_instance(self, request):
        """The page's rows get their number of people and their admins' usernames: two queries for the page."""
        changelist = super().get_changelist_instance(request)
        rows = changelist.result_list = list(changelist.result_list)
        ids = [structure.pk for structure in rows]
        counts, names = selectors.people_counts(ids), selectors.admin_usernames(ids)
        for structure in rows:
            structure.user_count, structure.admin_names = counts.get(structure.pk, 0), names.get(structure.pk, [])
        return changelist

    def _parent_is_read_only(self, request, obj):
        return obj is not None and not self.get_abilities(request.user, obj)["move"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # admins are chosen once the structure exists (among the people attached to it)
            return self.fieldsets[:-1]
        if self._parent_is_read_only(request, obj):
            # The parent is named, not linked: a structure admin's top structure has a parent they cannot open.
            first = tuple("parent_name" if field == "parent" else field for field in self.fieldsets[0][1]["fields"])
            return ((None, {"fields": first}), *self.fieldsets[1:])
        return self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        return ("parent_name",) if self._parent_is_read_only(request, obj) else ()

    @admin.display(description=_("structure parente"))
    def parent_name(self, obj):
        return obj.parent.name if obj.parent_id else "—"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    # --- writes, through the services ---

    def save_model(self, request, obj, form, change):
        services.save_structure(request.user, obj)

    def save_related(self, request, form, formsets, change):
        chosen = form.cleaned_data.pop("admins", None)
        super().save_related(request, form, formsets, change)
        if chosen is None:
            return
        structure = form.instance
        current = set(structure.admins.all())
        for user in set(chosen) - current:
            user_services.set_structure_admin(request.user, user, structure, True)
        for user in current - set(chosen):
            user_services.set_structure_admin(request.user, user, structure, False)

    def deletion_refusal(self, request, obj):
        return services.structure_deletion_refusal(obj)

    def delete_objects(self, request, objs):
        for structure in objs:
            services.delete_structure(request.user, structure)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, through the delete page and its checks
        return actions

    # --- columns ---

    @admin.display(description=_("structure"), ordering="path")
    def tree_name(self, obj):
        return format_html('<span style="margin-inline-start: {}rem">{}</span>', obj.depth * 1.5, obj.name)

    @admin.display(description=_("personnes"))
    def people(self, obj):
        return obj.user_count

    @admin.display(description=_("administrateurs"))
    def admins_list(self, obj):
        return ", ".join(obj.admin_names)


@admin.register(EmailDomain)
class EmailDomainAdmin(GlobalAdminOnlyModelAdmin):
    list_display = ("domain", "structure", "entity_short_name", "entity_long_name", "family_short_name")
    list_filter = ("family_short_name",)
    search_fields = ("domain", "entity_short_name", "entity_long_name", "structure__name")
    autocomplete_fields = ("structure",)
    list_select_related = ("structure",)
    ordering = ("domain",)
