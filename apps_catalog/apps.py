from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppsCatalogConfig(AppConfig):
    name = "apps_catalog"
    label = "apps_catalog"
    verbose_name = _("Services et espace personnel")

    def ready(self):
        from . import receivers, resolvers  # noqa: F401 - registers signal receivers and the space item kinds

        resolvers.register()
