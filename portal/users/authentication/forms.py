"""Forms of the sign-in pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.users.models import User


class DevSigninForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.all(),
        error_messages={"invalid_choice": _("Cette personne n'existe pas."), "required": _("Choisissez une personne.")},
    )
    next = forms.CharField(required=False, max_length=2000)
