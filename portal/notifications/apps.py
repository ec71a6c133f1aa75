from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications et informations")

    def ready(self):
        from . import receivers  # noqa: F401 - connects the signal receivers
