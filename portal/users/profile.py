"""The profile page: identity from Keycloak (read-only), preferences, avatar, structure, federation id.

Open to inactive people and to people without a structure (``@allow_inactive``), as in LaBoîte.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.gates import allow_inactive

from . import services
from .authentication.endpoints import account_console_url
from .federation import federation_id
from .profile_forms import AvatarForm, PreferencesForm


def _render(request, preferences_form=None, avatar_form=None, status=200):
    user = request.user
    context = {
        "preferences_form": preferences_form or PreferencesForm(instance=user),
        "avatar_form": avatar_form or AvatarForm(),
        "account_console_url": account_console_url(settings.OIDC_ISSUER),
        "federation_id": federation_id(user.username, user.nclocator),
        "structure": user.structure,
        "awaiting_structure": user.awaiting_structure,
    }
    return render(request, "users/profile.html", context, status=status)


@allow_inactive
def profile(request):
    if request.method == "POST":
        form = PreferencesForm(request.POST, instance=request.user)
        if not form.is_valid():
            return _render(request, preferences_form=form, status=400)
        user = form.save()
        translation.activate(user.language)  # the confirmation already speaks the chosen language
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("profile")
    return _render(request)


@allow_inactive
@require_POST
def avatar(request):
    if "remove" in request.POST:
        services.set_avatar(request.user, request.user, None)
        messages.success(request, _("Votre avatar est supprimé."))
        return redirect("profile")
    form = AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.set_avatar(request.user, request.user, form.cleaned_data["avatar"])
        except ValidationError as error:
            form.add_error(None, error)  # keyed by field: lands on ``avatar``
    if not form.is_valid():
        return _render(request, avatar_form=form, status=400)
    messages.success(request, _("Votre avatar est enregistré."))
    return redirect("profile")
