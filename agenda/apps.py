from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    label = "agenda"
    verbose_name = _("Agenda")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from groups.tabs import register_group_tab

        from . import receivers  # noqa: F401 (connects the receivers)

        register_group_tab("agenda", _("Agenda"), "agenda:group", order=30)
