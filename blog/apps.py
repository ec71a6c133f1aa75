from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    label = "blog"
    verbose_name = _("Publications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        if apps.is_installed("groups"):
            from groups.tabs import register_group_tab

            register_group_tab(
                "articles",
                _("Articles"),
                "blog:group_articles",
                order=20,
                visible=lambda user, group, abilities: abilities["view"],
            )
        if apps.is_installed("apps_catalog"):
            from apps_catalog.structure_blocks import register_structure_block

            from .hooks import structure_block

            register_structure_block("articles", structure_block, order=10)

        from portal.bio.sections import register_card_section

        from .hooks import bio_card_section

        register_card_section("articles", bio_card_section, order=10)
