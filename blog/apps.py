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
