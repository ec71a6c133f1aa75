from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    label = "groups"
    verbose_name = _("Groupes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)

        if apps.is_installed("apps_catalog"):
            from .space import register_space_kinds

            register_space_kinds()

        from portal.bio.sections import register_card_section

        from .bio import open_groups_section

        register_card_section("groups", open_groups_section, order=20)
