"""The sign-in page's context: which way in it offers (``SIGNIN_PAGE_CONTEXT_HOOKS``)."""

from django.conf import settings


def signin_methods(request):
    return {"oidc_enabled": settings.OIDC_ENABLED, "dev_signin_enabled": settings.DEV_SIGNIN_ENABLED}
