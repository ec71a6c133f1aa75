"""Forms of the blog pages. They only shape the input: the services check the rules, and their ValidationErrors
are put back on the form's fields (``groups.forms.add_service_errors`` does the same for groups)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from .models import SUMMARY_MAX_LENGTH, TITLE_MAX_LENGTH, Article


class ArticleForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre"), max_length=TITLE_MAX_LENGTH)
    summary = forms.CharField(
        label=_("Résumé"),
        required=False,
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Affiché dans les listes d'articles, 400 caractères au plus."),
    )
    content = forms.CharField(
        label=_("Contenu"),
        widget=forms.Textarea(attrs={"rows": 18, "class": "blog-editor__source", "spellcheck": "true"}),
        help_text=_("En Markdown : **gras**, *italique*, [lien](https://...), listes, tableaux. Le HTML est filtré."),
    )
    tags = forms.CharField(
        label=_("Étiquettes"),
        required=False,
        help_text=_("Séparées par des virgules, en minuscules (10 au plus)."),
        widget=forms.TextInput(attrs={"list": "blog-tag-suggestions", "autocomplete": "off"}),
    )
    visibility = forms.ChoiceField(label=_("Visibilité"), choices=Article.Visibility.choices, widget=forms.RadioSelect)
    groups = forms.MultipleChoiceField(
        label=_("Groupes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les groupes dont vous êtes membre ; l'article apparaît dans leur onglet « Articles »."),
    )
    licence = forms.ChoiceField(label=_("Licence"), choices=Article.Licence.choices, required=False)

    def __init__(self, *args, group_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = [(str(group.pk), group.display_name) for group in group_choices]

    def changes(self):
        data = dict(self.cleaned_data)
        data["groups"] = [int(pk) for pk in data.get("groups") or []]
        return data


class ModerationForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Motif (envoyé à l'auteur)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    tag = forms.IntegerField(required=False, min_value=1, max_value=2**62)

    def value(self, name):
        return self.cleaned_data.get(name) if self.is_valid() else None


class RestoreForm(DsfrBaseForm):
    file = forms.FileField(label=_("Fichier de sauvegarde (JSON)"))
    reattach = forms.BooleanField(label=_("Rattacher les articles à ma structure actuelle"), required=False)
