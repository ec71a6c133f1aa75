from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppsCatalogConfig(AppConfig):
    name = "apps_catalog"
    label = "apps_catalog"
    verbose_name = _("Services et espace personnel")

    def ready(self):
        from . import receivers, resolvers  # noqa: F401 - registers signal receivers and the space item kinds

        resolvers.register()
        from portal.core.admin_site import register_admin_tool

        from .abilities import can_edit_default_spaces, can_view_launch_stats

        register_admin_tool(
            "apps_catalog:launch_stats", _("Statistiques de lancement des services"), can_view_launch_stats
        )
        register_admin_tool(
            "apps_catalog:default_space_list", _("Espaces par défaut des structures"), can_edit_default_spaces
        )
