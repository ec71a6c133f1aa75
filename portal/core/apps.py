from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Paramètres du portail")

    def ready(self):
        from django.db.models.signals import pre_save

        from .api import schema  # noqa: F401  (registers the OpenAPI authentication extension)
        from .images import reencode_uploaded_images

        # Every new upload of every ImageField is re-encoded without its metadata (portal.core.images).
        pre_save.connect(reencode_uploaded_images, dispatch_uid="portal.core.images.reencode_uploaded_images")
