"""Back office of user accounts.

A global admin sees everyone; a structure admin sees the people attached to their subtrees and those awaiting one
of their structures, and changes only what ``abilities.editable_account_fields`` allows. Every write goes through
``portal.users.services``: the form asks the services why a change would be refused and shows it next to the field.
The Django password, groups and permissions are never shown (rights live in the abilities layer).
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.core.abilities import is_global_admin
from portal.core.admin_scoping import (
    DeleteThroughServiceMixin,
    FoldedSearchMixin,
    ScopedModelAdmin,
    StructureSubtreeListFilter,
)
from portal.structures.models import Structure
from portal.structures.selectors import structures_administered_by

from . import selectors, services
from .abilities import (
    back_office_users_filter,
    decidable_requests_filter,
    editable_account_fields,
    get_user_abilities,
)
from .federation import normalize_nclocator, validate_nclocator
from .models import User
from .selectors import forget_pending_counts, pending_count


class AccountStatusFilter(admin.SimpleListFilter):
    title = _("statut")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("inactive", _("En attente de validation (inactifs)")),
            ("active", _("Actifs")),
            ("requests", _("Demandes de rattachement à traiter")),
            ("no_structure", _("Sans structure")),
        ]

    def queryset(self, request, queryset):
        filters = {
            "inactive": lambda: queryset.filter(is_active=False),
            "active": lambda: queryset.filter(is_active=True),
            "requests": lambda: queryset.filter(decidable_requests_filter(request.user)),
            "no_structure": lambda: queryset.filter(structure__isnull=True),
        }
        return filters[self.value()]() if self.value() in filters else queryset


class RoleFilter(admin.SimpleListFilter):
    title = _("rôle")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [("global", _("Administrateurs nationaux")), ("structure", _("Administrateurs de structure"))]

    def queryset(self, request, queryset):
        if self.value() == "global":
            return queryset.filter(is_superuser=True)
        if self.value() == "structure":
            return queryset.filter(pk__in=Structure.admins.through.objects.values("user_id"))
        return queryset


class AccountForm(forms.ModelForm):
    """Asks ``services.account_change_errors`` about the submitted changes, before anything is written."""

    actor = None  # set by ``UserAdmin.get_form``

    def clean_nclocator(self):
        value = self.cleaned_data["nclocator"]
        validate_nclocator(value)
        return normalize_nclocator(value)

    def clean(self):
        cleaned = super().clean()
        # At this point the instance still holds the stored values (the form copies its data in afterwards).
        self.stored = copy.copy(self.instance)
        self.account_changes = {field: cleaned[field] for field in self.changed_data if field in cleaned}
        for field, message in services.account_change_errors(self.actor, self.stored, self.account_changes).items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned


def _refusal(error) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


@admin.register(User)
class UserAdmin(DeleteThroughServiceMixin, FoldedSearchMixin, ScopedModelAdmin):
    form = AccountForm
    list_display = ("username", "full_name", "structure", "awaiting_structure", "role", "is_active")
    list_filter = (AccountStatusFilter, StructureSubtreeListFilter, RoleFilter, "language")
    list_select_related = ("structure", "awaiting_structure")
    search_fields = ("search_text__contains",)
    autocomplete_fields = ("structure",)
    list_per_page = 50
    actions = ("activate", "deactivate", "accept_requests", "refuse_requests")
    fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email", "sub")}),
        (_("Rattachement"), {"fields": ("structure", "awaiting_structure")}),
        (_("Droits"), {"fields": ("is_active", "is_superuser", "administered")}),
        (
            _("Préférences"),
            {
                "fields": (
                    "language",
                    "logout_preference",
                    "nclocator",
                    "avatar",
                    "group_quota",
                    "advanced_space",
                    "beta_services",
                )
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined", "last_info_read_at")}),
    )

    # --- scope and rights (abilities) ---

    def scope_queryset(self, request, queryset):
        return queryset.filter(back_office_users_filter(request.user))

    def get_abilities(self, user, obj):
        return get_user_abilities(user, obj)

    def can_add(self, request):
        return False  # accounts come from the identity provider and from ``import_users``

    def get_fieldsets(self, request, obj=None):
        if is_global_admin(request.user):
            return self.fieldsets
        # Structure admins never see (nor post) the global-admin flag.
        return [
            (title, {**options, "fields": tuple(f for f in options["fields"] if f != "is_superuser")})
            for title, options in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        editable = editable_account_fields(request.user, obj) if obj is not None else set()
        shown = [field for _title, options in self.get_fieldsets(request, obj) for field in options["fields"]]
        return [field for field in shown if field not in editable]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    # --- writes, through the services ---

    def save_model(self, request, obj, form, change):
        services.change_account(request.user, form.stored, form.account_changes)

    def save_related(self, request, form, formsets, change):
        """No many-to-many is edited here (admin roles are granted from the structure's page)."""

    def delete_objects(self, request, objs):
        services.delete_users(request.user, objs)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not is_global_admin(request.user):
            actions.pop("delete_selected", None)
        return actions

    def _apply(self, request, work, done, nothing=None):
        """Run a bulk service call: all rows or none, and a message saying which."""
        try:
            count = work()
        except (PermissionDenied, ValidationError) as error:
            self.message_user(
                request, _("Rien n'a été modifié : %(reason)s") % {"reason": _refusal(error)}, messages.ERROR
            )
            return
        forget_pending_counts(request.user)
        if count or nothing is None:
            self.message_user(request, done(count), messages.SUCCESS)
        else:
            self.message_user(request, nothing, messages.WARNING)

    @staticmethod
    def _rows(queryset):
        return list(queryset.select_related("structure", "awaiting_structure"))

    @admin.action(description=_("Activer les comptes sélectionnés"))
    def activate(self, request, queryset):
        self._apply(
            request,
            lambda: services.set_active(request.user, self._rows(queryset), True),
            lambda n: ngettext("%(count)d compte activé.", "%(count)d comptes activés.", n) % {"count": n},
        )

    @admin.action(description=_("Désactiver les comptes sélectionnés"))
    def deactivate(self, request, queryset):
        self._apply(
            request,
            lambda: services.set_active(request.user, self._rows(queryset), False),
            lambda n: ngettext("%(count)d compte désactivé.", "%(count)d comptes désactivés.", n) % {"count": n},
        )

    @admin.action(description=_("Accepter les demandes de rattachement"))
    def accept_requests(self, request, queryset):
        self._apply(
            request,
            lambda: services.decide_structure_requests(request.user, self._rows(queryset), accept=True),
            lambda n: ngettext("%(count)d demande acceptée.", "%(count)d demandes acceptées.", n) % {"count": n},
            _("Aucune demande de rattachement parmi la sélection."),
        )

    @admin.action(description=_("Refuser les demandes de rattachement"))
    def refuse_requests(self, request, queryset):
        self._apply(
            request,
            lambda: services.decide_structure_requests(request.user, self._rows(queryset), accept=False),
            lambda n: ngettext("%(count)d demande refusée.", "%(count)d demandes refusées.", n) % {"count": n},
            _("Aucune demande de rattachement parmi la sélection."),
        )

    # --- admin index shortcuts (see ``portal.core.admin_site``) ---

    def get_shortcuts(self, request):
        """Extra rows under "Utilisateurs" in the admin index and sidebar, with the number of items waiting."""
        from portal.core.admin_site import shortcut

        user = request.user
        return [
            shortcut(
                self,
                "inactive",
                _("Comptes en attente de validation"),
                "status=inactive",
                pending_count(user, "inactive"),
            ),
            shortcut(self, "requests", _("Demandes de rattachement"), "status=requests", pending_count(user)),
        ]

    # --- columns ---

    def get_changelist_instance(self, request):
        """The page's rows get the structures they administer (within the viewer's scope): one query."""
        changelist = super().get_changelist_instance(request)
        rows = changelist.result_list = list(changelist.result_list)
        administered = selectors.administered_structure_names([user.pk for user in rows], within=request.user)
        for user in rows:
            user.administered_names = administered.get(user.pk, [])
        return changelist

    @admin.display(description=_("nom"), ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("rôle"))
    def role(self, obj):
        if obj.is_superuser:
            return _("Administrateur national")
        names = getattr(obj, "administered_names", None)
        if not names:
            return ""
        # No "de" before a structure's name (no elision to get wrong: "Administrateur de Académie de Lyon").
        return _("Administration : %(structures)s") % {"structures": ", ".join(names)}

    @admin.display(description=_("structures administrées"))
    def administered(self, obj):
        return ", ".join(getattr(obj, "administered_names", [])) or "—"

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            # Only the structures within the viewer's own scope are named.
            obj.administered_names = list(
                obj.administered_structures.filter(
                    pk__in=structures_administered_by(request.user).values("pk")
                ).values_list("name", flat=True)
            )
        return obj
