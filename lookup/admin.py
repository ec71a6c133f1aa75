"""Back office of the Nextcloud instance pool: global administrators only (``GlobalAdminOnlyModelAdmin``).

Two buttons above the list: "give an instance to every person without one" (a Celery task, in batches) and
"recount" (recomputes the counts from the people's ``nclocator``). An instance hosting people cannot be deleted:
the delete page says why instead.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.admin_scoping import GlobalAdminOnlyModelAdmin

from . import services
from .abilities import can_manage_pool, get_instance_abilities
from .models import NextcloudInstance
from .selectors import people_per_host


@admin.register(NextcloudInstance)
class NextcloudInstanceAdmin(GlobalAdminOnlyModelAdmin):
    list_display = ("host", "url", "active", "user_count")
    list_filter = ("active",)
    search_fields = ("host", "url")
    fields = ("url", "active", "host", "user_count")
    readonly_fields = ("host", "user_count")
    actions = None  # no bulk delete: each deletion goes through the "still hosts people" check
    change_list_template = "admin/lookup/nextcloudinstance/change_list.html"

    def get_abilities(self, user, obj) -> dict:
        return get_instance_abilities(user, obj)

    def get_urls(self):
        own = [
            path(
                "assign-missing/",
                self.admin_site.admin_view(require_POST(self.assign_missing_view)),
                name="lookup_nextcloudinstance_assign_missing",
            ),
            path(
                "recount/",
                self.admin_site.admin_view(require_POST(self.recount_view)),
                name="lookup_nextcloudinstance_recount",
            ),
        ]
        return own + super().get_urls()

    def _changelist(self):
        return redirect(reverse("admin:lookup_nextcloudinstance_changelist"))

    def assign_missing_view(self, request):
        if not can_manage_pool(request.user):
            raise PermissionDenied
        services.request_assign_missing(request.user)
        self.message_user(
            request,
            _(
                "Les personnes sans serveur Nextcloud vont en recevoir un, par lots, en tâche de fond. "
                "Rechargez la page pour suivre les compteurs."
            ),
            messages.SUCCESS,
        )
        return self._changelist()

    def recount_view(self, request):
        if not can_manage_pool(request.user):
            raise PermissionDenied
        services.recount_instances(request.user)
        self.message_user(request, _("Les compteurs ont été recalculés."), messages.SUCCESS)
        return self._changelist()

    def delete_view(self, request, object_id, extra_context=None):
        instance = self.get_object(request, object_id)
        if instance is None or not can_manage_pool(request.user):
            return super().delete_view(request, object_id, extra_context)  # Django's 404 or 403
        if request.method == "POST":
            try:
                services.delete_instance(
                    request.user,
                    instance,
                    before_delete=lambda: self.log_deletions(request, NextcloudInstance.objects.filter(pk=instance.pk)),
                )
            except ValidationError as error:
                return self._refuse_deletion(request, instance, error)
            self.message_user(request, _("Le serveur %(host)s a été supprimé.") % {"host": instance.host})
            return self._changelist()
        instance.user_count = max(instance.user_count, people_per_host()[instance.host])
        if not get_instance_abilities(request.user, instance)["delete"]:
            return self._refuse_deletion(request, instance, services.deletion_refused(instance))
        return super().delete_view(request, object_id, extra_context)

    def _refuse_deletion(self, request, instance, error):
        self.message_user(request, " ".join(error.messages), messages.ERROR)
        return redirect(reverse("admin:lookup_nextcloudinstance_change", args=[instance.pk]))
