"""Forms of the users app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.structures.models import Structure


class StructureChoiceForm(forms.Form):
    structure = forms.ModelChoiceField(
        queryset=Structure.objects.all(),
        label=_("Structure"),
        error_messages={
            "invalid_choice": _("Cette structure n'existe pas."),
            "required": _("Choisissez une structure."),
        },
    )
