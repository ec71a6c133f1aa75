from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications et informations")

    def ready(self):
        from portal.core.admin_site import register_admin_tool

        from . import receivers  # noqa: F401 - connects the signal receivers
        from .abilities import can_manage_information_messages

        register_admin_tool(
            "admin:notifications_informationmessage_changelist",
            _("Messages d'information"),
            can_manage_information_messages,
        )
