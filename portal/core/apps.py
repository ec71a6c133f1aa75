from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Paramètres du portail")

    def ready(self):
        from .api import schema  # noqa: F401  (registers the OpenAPI authentication extension)
