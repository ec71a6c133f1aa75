"""Back office: notifications (global admins, for support) and information messages (scoped to subtrees).

Information messages are written here: global admins write national ones and any structure's; a structure admin
sees, writes, edits and deletes only the messages of their subtrees. Every save goes through the services, which
check the abilities again.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.core.abilities import is_global_admin
from portal.core.admin_scoping import GlobalAdminOnlyModelAdmin, ScopedModelAdmin

from . import selectors, services
from .abilities import (
    can_manage_information_messages,
    get_information_message_abilities,
    get_notification_abilities,
)
from .models import InformationMessage, Notification


@admin.register(Notification)
class NotificationAdmin(GlobalAdminOnlyModelAdmin):
    """Read-only support view for global admins: they may delete a notification, never change or mark it read."""

    list_display = ["title", "user", "kind", "read", "created_at", "expires_at"]
    list_filter = ["kind", "read"]
    search_fields = ["title", "user__username", "user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    date_hierarchy = "created_at"

    def can_add(self, request):
        return False  # notifications are sent by the portal (``services.notify``), not typed in

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return get_notification_abilities(request.user, obj)["delete"]

    def delete_model(self, request, obj):
        services.delete_notification(request.user, obj)

    def delete_queryset(self, request, queryset):
        for notification in queryset:
            services.delete_notification(request.user, notification)


class InformationMessageForm(forms.ModelForm):
    publish = forms.BooleanField(
        label=_("Republier"),
        required=False,
        help_text=_(
            "Met la date de publication à maintenant : le message repasse en tête et les lecteurs sont de nouveau "
            "dirigés vers la page Informations. Sans cela, une correction garde la date d'origine."
        ),
    )

    class Meta:
        model = InformationMessage
        fields = ["structure", "content_fr", "content_en", "expires_at"]

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if not is_global_admin(actor) and "structure" in self.fields:
            # Structure admins cannot write national messages: the structure is required and limited to theirs.
            self.fields["structure"].required = True
            self.fields["structure"].help_text = _("Une des structures que vous administrez (ou une sous-structure).")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            services.check_information_message(
                self.actor,
                self.instance if self.instance.pk else None,
                structure=cleaned.get("structure"),
                expires_at=cleaned.get("expires_at"),
                content_fr=cleaned.get("content_fr"),
            )
        except PermissionDenied as error:
            raise ValidationError(str(error)) from error
        return cleaned


@admin.register(InformationMessage)
class InformationMessageAdmin(ScopedModelAdmin):
    form = InformationMessageForm
    list_display = ["__str__", "structure", "published_at", "expires_at", "author"]
    list_filter = [("structure", admin.EmptyFieldListFilter)]
    list_select_related = ["structure", "author"]
    search_fields = ["content_fr", "content_en", "structure__name"]
    readonly_fields = ["published_at", "author"]
    actions = ["publish_selected"]
    scoped_structure_fields = ("structure",)

    def scope_queryset(self, request, queryset):
        return queryset & selectors.information_messages_managed_by(request.user)

    def get_abilities(self, user, obj):
        abilities = get_information_message_abilities(user, obj)
        return {**abilities, "view": abilities["update"]}

    def can_add(self, request):
        return can_manage_information_messages(request.user)

    def get_fields(self, request, obj=None):
        fields = ["structure", "content_fr", "content_en", "expires_at"]
        return fields if obj is None else [*fields, "publish", "published_at", "author"]

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class ActorForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, actor=request.user, **form_kwargs)

        return ActorForm

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        # The service compares with the stored row (the form already copied the new values onto ``obj``).
        stored = InformationMessage.objects.get(pk=obj.pk) if change else None
        saved = services.save_information_message(
            request.user,
            stored,
            content_fr=data["content_fr"],
            content_en=data.get("content_en", ""),
            structure=data.get("structure"),
            expires_at=data["expires_at"],
            publish=bool(data.get("publish")),
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.delete_information_message(request.user, obj)

    def delete_queryset(self, request, queryset):
        for message in queryset:
            services.delete_information_message(request.user, message)

    @admin.action(description=_("Republier les messages sélectionnés (date de publication à maintenant)"))
    def publish_selected(self, request, queryset):
        published = 0
        for message in queryset:
            try:
                services.publish_information_message(request.user, message)
                published += 1
            except (PermissionDenied, ValidationError) as error:
                self.message_user(
                    request, f"{message} : {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR
                )
        if published:
            self.message_user(
                request,
                ngettext("%(count)d message republié.", "%(count)d messages republiés.", published)
                % {"count": published},
                messages.SUCCESS,
            )
