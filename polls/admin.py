"""Back office of the polls (``ScopedModelAdmin``): global admins see every poll, structure admins the polls of the
people of their subtrees. Read-only: a poll is changed by its owner on the site, where the rules apply; a global
admin may delete one (moderation). Answers are read-only for the same people."""

from django.contrib import admin

from portal.core.abilities import is_global_admin
from portal.core.admin_scoping import ScopedModelAdmin
from portal.structures.abilities import is_admin_of_structure
from portal.structures.selectors import structures_administered_by

from .models import Answer, Poll


def _sees(user, owner):
    return is_global_admin(user) or (owner.structure_id is not None and is_admin_of_structure(user, owner.structure))


class _ReadOnlyScoped(ScopedModelAdmin):
    owner_path = "owner"

    def scope_queryset(self, request, queryset):
        if is_global_admin(request.user):
            return queryset
        return queryset.filter(**{f"{self.owner_path}__structure__in": structures_administered_by(request.user)})

    def can_add(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(Poll)
class PollAdmin(_ReadOnlyScoped):
    list_display = ["title", "kind", "state", "owner", "is_public", "deadline", "created_at"]
    list_filter = ["kind", "state", "is_public"]
    search_fields = ["title"]
    list_select_related = ["owner"]
    exclude = ["groups", "people"]

    def get_abilities(self, user, poll):
        sees = _sees(user, poll.owner)
        return {"view": sees, "update": False, "delete": is_global_admin(user)}


@admin.register(Answer)
class AnswerAdmin(_ReadOnlyScoped):
    owner_path = "poll__owner"
    list_display = ["name", "poll", "user", "created_at"]
    search_fields = ["name", "poll__title"]
    list_select_related = ["poll", "user"]
    exclude = ["edit_token"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name != "edit_token"]

    def get_abilities(self, user, answer):
        return {"view": _sees(user, answer.poll.owner), "update": False, "delete": False}
