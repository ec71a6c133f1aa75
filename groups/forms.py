"""Forms of the group pages. They only shape the input: the rules are checked by the services, whose
ValidationErrors are put back on the form's fields (``add_service_errors``)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from .models import NAME_MAX_LENGTH, Group

TYPE_HELP = _(
    "Ouvert : chacun le rejoint. Modéré : chacun demande à le rejoindre, un animateur accepte. "
    "Fermé : invisible dans l'annuaire, seuls les animateurs ajoutent des membres."
)


class GroupForm(DsfrBaseForm):
    """Creation and edition; ``settings_fields=False`` keeps only what animators may change."""

    name = forms.CharField(label=_("Nom du groupe"), max_length=NAME_MAX_LENGTH)
    type = forms.ChoiceField(
        label=_("Type"),
        choices=[(value, label) for value, label in Group.Type.choices if value in Group.CHOOSABLE_TYPES],
        widget=forms.RadioSelect,
        help_text=TYPE_HELP,
    )
    description = forms.CharField(
        label=_("Description courte"),
        required=False,
        max_length=500,
        help_text=_("Une phrase affichée dans l'annuaire des groupes."),
    )
    content = forms.CharField(
        label=_("Présentation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Texte enrichi (HTML simple : paragraphes, listes, liens) ; le reste est retiré."),
    )
    avatar = forms.ImageField(
        label=_("Avatar"), required=False, help_text=_("Image PNG, JPEG, GIF ou WebP, 2 Mo au plus.")
    )
    clear_avatar = forms.BooleanField(label=_("Retirer l'avatar actuel"), required=False)
    plugins = forms.MultipleChoiceField(
        label=_("Modules"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les outils associés au groupe (partage de fichiers...)."),
    )

    def __init__(self, *args, settings_fields=True, has_avatar=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plugins"].choices = [(name, name.capitalize()) for name in settings.GROUP_PLUGINS]
        if not settings.GROUP_PLUGINS:
            del self.fields["plugins"]
        if not settings_fields:
            for name in ("name", "type", "plugins"):
                self.fields.pop(name, None)
        if not has_avatar:
            del self.fields["clear_avatar"]

    def changes(self):
        """The cleaned data shaped as the services' keyword arguments."""
        data = {
            name: self.cleaned_data[name] for name in ("name", "type", "description", "content") if name in self.fields
        }
        if "plugins" in self.fields:
            data["plugins"] = {name: name in self.cleaned_data["plugins"] for name in settings.GROUP_PLUGINS}
        if self.cleaned_data.get("avatar"):
            data["avatar"] = self.cleaned_data["avatar"]
        elif self.cleaned_data.get("clear_avatar"):
            data["avatar"] = False
        return data


class BookmarkForm(DsfrBaseForm):
    url = forms.CharField(
        label=_("Adresse"), max_length=512, help_text=_("Par exemple : https://www.education.gouv.fr")
    )
    name = forms.CharField(label=_("Nom"), max_length=200, required=False)
    tag = forms.CharField(label=_("Étiquette"), max_length=100, required=False)


class BroadcastForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre"), max_length=200)
    text = forms.CharField(
        label=_("Message"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class SearchForm(forms.Form):
    """The query string of the lists (directory, address book): bad values are ignored, never an error page."""

    q = forms.CharField(required=False, max_length=100)
    type = forms.ChoiceField(required=False, choices=[("", "")] + list(Group.Type.choices))
    role = forms.CharField(required=False, max_length=20)
    mine = forms.BooleanField(required=False)

    def value(self, name):
        """The field's value when it is valid, else empty (a bad ``type`` does not drop a good ``q``)."""
        self.is_valid()
        return self.cleaned_data.get(name) or ""
