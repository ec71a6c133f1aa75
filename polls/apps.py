from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "polls"
    label = "polls"
    verbose_name = _("Sondages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from groups.tabs import register_group_tab

        register_group_tab("polls", _("Sondages"), "polls:group_polls", order=40)
