"""Where "/" sends a signed-in person when no earlier landing resolver answered: their personal space."""

from django.urls import reverse

from portal.core.abilities import is_active_user


def personal_space(request):
    return reverse("apps_catalog:personal_space") if is_active_user(request.user) else None
