from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "polls"
    label = "polls"
    verbose_name = _("Sondages")
    default_auto_field = "django.db.models.BigAutoField"
