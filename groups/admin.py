"""Back office of the groups (``ScopedModelAdmin``: the rights come from the abilities layer).

Global admins see every group, memberships and bookmarks. A structure admin sees what they may act on: the
automatic groups of their subtrees (description, content and avatar), and nothing of the memberships and bookmarks
tables (no empty doors in their index).

Writes go through the services: a rename is checked like on the site (reserved and taken names), a deletion cleans
the personal spaces, an automatic group's name, type and structure cannot be changed. Memberships are read-only here:
roles are changed on the group's management page, where the rules (last admin...) and notifications apply.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.core.abilities import is_global_admin
from portal.core.admin_scoping import GlobalAdminOnlyModelAdmin, ScopedModelAdmin
from portal.structures.selectors import structures_administered_by

from . import selectors, services
from .abilities import get_group_abilities
from .models import Group, GroupBookmark, Membership


class GroupAdminForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "type", "description", "content", "avatar", "plugins"]

    def clean(self):
        cleaned = super().clean()
        changes = {field: cleaned[field] for field in self.changed_data if field in cleaned and field != "avatar"}
        try:
            # The same checks as the site: reserved or taken name, choosable type, known plugins, lengths.
            services.clean_group_fields(changes, self.instance)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return cleaned


@admin.register(Group)
class GroupAdmin(ScopedModelAdmin):
    form = GroupAdminForm
    list_display = ["display_name", "type", "owner", "member_count", "created_at"]
    list_filter = ["type"]
    search_fields = ["search_name", "slug"]
    list_select_related = ["owner"]
    readonly_fields = ["slug", "owner", "structure", "member_count", "created_at", "updated_at"]

    def scope_queryset(self, request, queryset):
        if is_global_admin(request.user):
            return queryset
        return queryset.filter(
            type=Group.Type.AUTOMATIC, structure__in=structures_administered_by(request.user).values("pk")
        )

    def get_abilities(self, user, obj):
        abilities = get_group_abilities(user, obj)
        return {
            "view": is_global_admin(user) or abilities["administer"],
            "update": abilities["update"],
            "delete": abilities["delete"],
        }

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.is_automatic:
            fields += ["name", "type", "plugins"]
        return fields

    def get_queryset(self, request):
        return selectors.with_member_count(super().get_queryset(request))

    @admin.display(description=_("membres"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    def has_add_permission(self, request):
        # Groups are created on the site (the creator becomes their admin, within their quota).
        return False

    def save_model(self, request, obj, form, change):
        original = Group.objects.select_related("structure").get(pk=obj.pk)
        changes = {field: form.cleaned_data[field] for field in form.changed_data}
        services.update_group(request.user, original, **changes)

    def get_deleted_objects(self, objs, request):
        # Memberships and bookmarks go with their group (the service's clean-up), whatever their own admin allows.
        deleted, model_count, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, set(), protected

    def delete_model(self, request, obj):
        services.delete_group(request.user, obj)

    def delete_queryset(self, request, queryset):
        for group in queryset:
            services.delete_group(request.user, group)


@admin.register(Membership)
class MembershipAdmin(GlobalAdminOnlyModelAdmin):
    list_display = ["group", "user", "role", "created_at"]
    list_filter = ["role", "group__type"]
    search_fields = ["group__search_name", "user__search_text"]
    list_select_related = ["group", "user"]
    raw_id_fields = ["group", "user"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(GroupBookmark)
class GroupBookmarkAdmin(GlobalAdminOnlyModelAdmin):
    list_display = ["name", "group", "url", "author", "created_at"]
    search_fields = ["name", "url", "group__search_name"]
    list_select_related = ["group", "author"]
    raw_id_fields = ["group", "author"]

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        services.delete_bookmark(request.user, obj)

    def delete_queryset(self, request, queryset):
        for bookmark in queryset:
            services.delete_bookmark(request.user, bookmark)
