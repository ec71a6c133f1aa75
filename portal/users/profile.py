"""The profile page: identity from Keycloak (read-only), preferences, avatar, structure, federation id.

Open to inactive people and to people without a structure (``@allow_inactive``), as in LaBoîte.
"""

import logging
import secrets

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.gates import allow_inactive

from .authentication.endpoints import account_console_url
from .federation import federation_id
from .models import User
from .profile_forms import AvatarForm, PreferencesForm

logger = logging.getLogger(__name__)


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


def _delete_file_later(name):
    """Remove a replaced avatar once the new one is committed (a failed delete only leaves an orphan)."""
    if not name:
        return

    def delete():
        try:
            User._meta.get_field("avatar").storage.delete(name)
        except OSError:
            logger.warning("could not delete the replaced avatar %s", name)

    transaction.on_commit(delete)


@allow_inactive
@require_POST
def avatar(request):
    user = request.user
    old_name = user.avatar.name
    if "remove" in request.POST:
        with transaction.atomic():
            User.objects.filter(pk=user.pk).update(avatar="")
            _delete_file_later(old_name)
        messages.success(request, _("Votre avatar est supprimé."))
        return redirect("profile")
    form = AvatarForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, avatar_form=form, status=400)
    with transaction.atomic():
        user.avatar.save(f"{user.pk}-{secrets.token_hex(8)}.webp", form.cleaned_data["avatar"], save=False)
        User.objects.filter(pk=user.pk).update(avatar=user.avatar.name)
        _delete_file_later(old_name)
    messages.success(request, _("Votre avatar est enregistré."))
    return redirect("profile")
