"""Values every page needs: the portal name, the accessibility claim and the maintenance banner (no query: site
settings are cached)."""

from django.conf import settings

from .models import SiteSettings


def portal(request):
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "ACCESSIBILITY_COMPLIANCE": settings.ACCESSIBILITY_COMPLIANCE,
        "site_settings": getattr(request, "site_settings", None) or SiteSettings.load(),
    }
