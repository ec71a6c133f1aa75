"""Back office of the agenda. Events are read-only here (changes go through the site, which sends the invitations);
a deletion goes through ``services.delete_event`` (the participants get a CANCEL). Global admins see every event,
structure admins those organised by people of their subtrees. Categories are managed by global admins."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from portal.core.abilities import is_global_admin
from portal.core.admin_scoping import DeleteThroughServiceMixin, GlobalAdminOnlyModelAdmin, ScopedModelAdmin
from portal.structures.selectors import structures_administered_by

from . import services
from .abilities import get_event_abilities
from .models import Category, Event, Participant


@admin.register(Category)
class CategoryAdmin(GlobalAdminOnlyModelAdmin):
    list_display = ["name", "colour"]
    search_fields = ["name"]

    def can_add(self, request):
        return is_global_admin(request.user)


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ["user", "email", "status", "direct", "via_group", "answered_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(DeleteThroughServiceMixin, ScopedModelAdmin):
    list_display = ["title", "start", "organiser", "rrule", "sequence"]
    list_select_related = ["organiser"]
    search_fields = ["title", "uid"]
    date_hierarchy = "start"
    readonly_fields = [
        "uid",
        "sequence",
        "organiser",
        "title",
        "location",
        "description",
        "video_url",
        "category",
        "timezone",
        "all_day",
        "start",
        "end",
        "rrule",
        "exdates",
        "reminders",
        "series_end",
        "parent",
        "recurrence_id",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields
    inlines = [ParticipantInline]

    @staticmethod
    def _scoped(user, queryset):
        queryset = queryset.filter(parent__isnull=True)
        if is_global_admin(user):
            return queryset
        return queryset.filter(organiser__structure__in=structures_administered_by(user))

    def scope_queryset(self, request, queryset):
        return self._scoped(request.user, queryset)

    def get_abilities(self, user, obj):
        in_scope = self._scoped(user, Event.objects.filter(pk=obj.pk)).exists()
        return {"view": in_scope, "update": False, "delete": in_scope and get_event_abilities(user, obj).get("delete")}

    def can_add(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def delete_objects(self, request, objs):
        for event in objs:
            try:
                services.delete_event(request.user, event)
            except PermissionDenied as error:
                raise ValidationError(_("Vous ne pouvez pas supprimer cet événement.")) from error
