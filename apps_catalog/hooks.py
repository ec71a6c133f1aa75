"""Hooks other parts of the portal call: the public sign-in page lists the services flagged "offline"."""

from django.conf import settings

from .models import Service


def signin_offline_services(request) -> dict:
    """Context for the sign-in page: the displayed national services flagged "offline" (one query)."""
    if not settings.OFFLINE_SERVICES_ON_SIGNIN:
        return {}
    services = list(
        Service.objects.filter(offline=True, state=Service.State.DISPLAYED, is_beta=False, structure__isnull=True)
        .only("pk", "title", "description", "url", "logo")
        .order_by("title")
    )
    if not services:
        return {}
    return {"offline_services": services, "signin_extra_templates": ["apps_catalog/signin_offline_services.html"]}
