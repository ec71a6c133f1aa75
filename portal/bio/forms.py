"""Forms of the bio pages: they only shape the input; the rules are checked by ``services``, whose ValidationErrors
come back on the fields they name."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from .models import Visibility

MAX_LINK_FORMS = 20


def _visibility(label):
    return forms.ChoiceField(label=label, choices=Visibility.choices, initial=Visibility.HIDDEN)


class CardForm(DsfrBaseForm):
    published = forms.BooleanField(
        label=_("Publier ma carte"),
        required=False,
        help_text=_("Non publiée, votre carte n'est visible que par vous."),
    )
    # Checked by the service (lower-cased first).
    public_name = forms.CharField(
        label=_("Nom public"),
        max_length=100,
        help_text=_("L'adresse de votre carte : /bio/<nom public>/. Au moins 3 caractères : lettres, chiffres, - _ ."),
    )
    headline = forms.CharField(label=_("Titre ou fonction"), max_length=150, required=False)
    headline_visibility = _visibility(_("Visibilité du titre"))
    biography = forms.CharField(
        label=_("Biographie"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown simple : **gras**, *italique*, listes, liens."),
    )
    biography_visibility = _visibility(_("Visibilité de la biographie"))
    skills = forms.CharField(
        label=_("Compétences"),
        required=False,
        max_length=1500,
        help_text=_("Séparées par des virgules, par exemple : Robotique, Moodle, Club théâtre."),
        widget=forms.TextInput(attrs={"list": "skill-suggestions", "autocomplete": "off"}),
    )
    skills_visibility = _visibility(_("Visibilité des compétences"))
    email_visibility = _visibility(_("Visibilité de mon adresse e-mail"))
    structure_visibility = _visibility(_("Visibilité de ma structure"))

    FIELDS = (
        "published",
        "public_name",
        "headline",
        "headline_visibility",
        "biography",
        "biography_visibility",
        "skills_visibility",
        "email_visibility",
        "structure_visibility",
    )

    @classmethod
    def initial_for(cls, card):
        initial = {name: getattr(card, name) for name in cls.FIELDS}
        initial["skills"] = ", ".join(skill.name for skill in card.skills.all())
        return initial

    def card_data(self):
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class LinkForm(DsfrBaseForm):
    label = forms.CharField(label=_("Libellé"), max_length=80, required=False)
    url = forms.URLField(label=_("Adresse (http ou https)"), max_length=500, required=False, assume_scheme="https")
    visibility = _visibility(_("Visibilité"))


LinkFormSet = forms.formset_factory(
    LinkForm, extra=2, can_delete=True, can_order=True, max_num=MAX_LINK_FORMS, validate_max=True
)


def links_from_formset(formset):
    """``[{"label", "url", "visibility"}]`` of the filled, kept forms, in the chosen order."""
    return [
        {name: form.cleaned_data[name] for name in ("label", "url", "visibility")}
        for form in formset.ordered_forms
        if form.cleaned_data.get("label") or form.cleaned_data.get("url")
    ]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Nom, prénom ou #compétence"), required=False, max_length=100)
    structure = forms.TypedChoiceField(label=_("Structure"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, structures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.structures = {structure.pk: structure for structure in structures}
        self.fields["structure"].choices = [("", _("Toutes les structures"))] + [
            (structure.pk, "— " * structure.depth + structure.name) for structure in structures
        ]

    def value(self, name):
        if not self.is_valid():
            return None if name == "structure" else str(self.data.get("q", ""))[:100]
        value = self.cleaned_data.get(name)
        return self.structures.get(value) if name == "structure" else value or ""
