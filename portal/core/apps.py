from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
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


class PortalAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with the portal's site as ``admin.site`` (Django's documented ``default_site``)."""

    default = False  # ``portal.core`` itself is CoreConfig
    default_site = "portal.core.admin_site.PortalAdminSite"
