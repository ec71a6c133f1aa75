"""Local-password sign-in, kept only as a break-glass door for global administrators."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class BreakGlassModelBackend(ModelBackend):
    """Password sign-in for active global admins only, and only while BREAK_GLASS_LOGIN is on.

    Everybody else signs in through Keycloak. ``get_user`` is inherited, so sessions opened by another backend
    still resolve through this one when it is listed first.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.BREAK_GLASS_LOGIN:
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and user.is_superuser and user.is_active:
            return user
        return None
