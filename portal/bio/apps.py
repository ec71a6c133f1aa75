from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BioConfig(AppConfig):
    name = "portal.bio"
    label = "bio"
    verbose_name = _("Profils publics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
