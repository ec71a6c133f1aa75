"""Forms of the catalogue pages, the bookmarks and the back office. They validate; services write."""

from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.structures.selectors import structures_administered_by

from .abilities import can_manage_services_of
from .launch_selectors import GRANULARITIES
from .models import BusinessRegrouping, Service, UserBookmark
from .selectors import usable_regroupings


class CatalogueFilterForm(forms.Form):
    """The query string of /services/ and /structure/: a bad value is reported and ignored, never a 500."""

    VIEWS = [("detailed", _("Détaillée")), ("compact", _("Compacte"))]

    q = forms.CharField(label=_("Rechercher un service"), required=False, max_length=100)
    category = forms.TypedChoiceField(
        label=_("Catégorie"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Cette catégorie n'existe pas.")},
    )
    favourites = forms.BooleanField(label=_("Mes favoris seulement"), required=False)
    view = forms.ChoiceField(
        label=_("Affichage"), choices=VIEWS, required=False, error_messages={"invalid_choice": _("Affichage inconnu.")}
    )

    def __init__(self, data, categories, **kwargs):
        super().__init__(data, **kwargs)
        self.categories = {category.pk: category for category in categories}
        self.fields["category"].choices = [("", _("Toutes les catégories"))] + [
            (category.pk, category.name) for category in categories
        ]

    def filters(self):
        """The valid filters (invalid fields are left out of ``cleaned_data`` by Django)."""
        from .selectors import CatalogueFilters

        self.is_valid()
        data = self.cleaned_data
        return CatalogueFilters(
            query=data.get("q") or "",
            category=self.categories.get(data.get("category")),
            favourites_only=bool(data.get("favourites")),
        )

    @property
    def view_mode(self):
        self.is_valid()
        return self.cleaned_data.get("view") or "detailed"


class BookmarkForm(forms.ModelForm):
    url = forms.CharField(
        label=_("Adresse"),
        max_length=512,
        help_text=_("Une adresse web (https://…). Elle n'est jamais visitée par le portail."),
    )
    in_space = forms.BooleanField(label=_("Ajouter à mon espace"), required=False, initial=True)

    class Meta:
        model = UserBookmark
        fields = ["name", "url", "tag"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            del self.fields["in_space"]

    def clean_url(self):
        from .services import normalize_url

        url = normalize_url(self.cleaned_data["url"])
        UserBookmark._meta.get_field("url").run_validators(url)
        duplicate = UserBookmark.objects.filter(user=self.user, url=url).exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise ValidationError(_("Vous avez déjà ce marque-page."), code="duplicate")
        return url

    def _post_clean(self):
        # The model's unique check needs the user, which the form does not edit: done in clean_url instead.
        self.instance.user = self.user
        super()._post_clean()


class BookmarkImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier de marque-pages"),
        help_text=_(
            "L'export HTML de Firefox (Marque-pages › Exporter) ou de Chrome (Gestionnaire de favoris › Exporter)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.BOOKMARK_IMPORT_MAX_SIZE:
            raise ValidationError(
                _("Le fichier est trop lourd (%(size)s au maximum).")
                % {"size": filesizeformat(settings.BOOKMARK_IMPORT_MAX_SIZE)},
                code="file_too_large",
            )
        content = upload.read()
        head = content[:2048].lower()
        if b"<a " not in content.lower() and b"netscape-bookmark-file" not in head:
            raise ValidationError(
                _("Ce fichier n'est pas un export de marque-pages (format HTML de Firefox ou Chrome)."),
                code="invalid_bookmark_file",
            )
        return content


class LaunchStatsForm(forms.Form):
    """Period and granularity of the launch statistics (defaults: the last 30 days, per day)."""

    start = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Au (inclus)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    granularity = forms.ChoiceField(
        label=_("Par"),
        required=False,
        choices=[("hour", _("heure")), ("day", _("jour")), ("month", _("mois"))],
    )
    MAX_DAYS = 366

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        end = cleaned.get("end") or today
        start = cleaned.get("start") or end - timedelta(days=29)
        if start > end:
            raise ValidationError(_("La date de début doit précéder la date de fin."), code="invalid_period")
        if (end - start).days >= self.MAX_DAYS:
            raise ValidationError(_("Choisissez une période d'un an au plus."), code="period_too_long")
        granularity = cleaned.get("granularity") or "day"
        if granularity == "hour" and (end - start).days > 7:
            raise ValidationError(_("Le détail par heure porte sur 7 jours au plus."), code="period_too_long")
        cleaned.update(start=start, end=end, granularity=granularity if granularity in GRANULARITIES else "day")
        return cleaned

    def period(self):
        """[start, end) as aware datetimes in the current time zone."""
        zone = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(self.cleaned_data["start"], time.min), zone)
        end = timezone.make_aware(datetime.combine(self.cleaned_data["end"] + timedelta(days=1), time.min), zone)
        return start, end


# --- back office (Django admin) ---


class ServiceAdminForm(forms.ModelForm):
    """The service form of the back office: the structure is limited to the admin's subtrees and checked."""

    class Meta:
        model = Service
        fields = [
            "title",
            "slug",
            "structure",
            "url",
            "state",
            "is_beta",
            "offline",
            "team",
            "usage",
            "description",
            "content",
            "logo",
            "categories",
            "business_regroupings",
        ]

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if "structure" in self.fields and actor is not None:
            self.fields["structure"].queryset = structures_administered_by(actor)
        if "business_regroupings" in self.fields:
            self.fields["business_regroupings"].queryset = usable_regroupings(
                actor, self.instance.structure if self.instance.pk else None
            ).select_related("structure")

    def clean(self):
        cleaned = super().clean()
        if "structure" in self.errors:
            return cleaned  # an unknown or out-of-reach structure: already reported
        structure = cleaned.get("structure") if "structure" in self.fields else self.instance.structure
        if self.actor is not None and not can_manage_services_of(self.actor, structure):
            message = (
                _("Seul un administrateur national gère les services nationaux : choisissez une de vos structures.")
                if structure is None
                else _("Vous ne pouvez créer un service que dans vos structures.")
            )
            self.add_error("structure" if "structure" in self.fields else None, message)
        regroupings = cleaned.get("business_regroupings") or []
        chain = {*structure.ancestor_ids, structure.pk} if structure is not None else set()
        if any(regrouping.structure_id not in chain for regrouping in regroupings):
            self.add_error(
                "business_regroupings", _("Ce regroupement métier n'appartient pas à la structure du service.")
            )
        return cleaned


class BusinessRegroupingAdminForm(forms.ModelForm):
    class Meta:
        model = BusinessRegrouping
        fields = ["name", "structure"]

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        if actor is not None and "structure" in self.fields:
            self.fields["structure"].queryset = structures_administered_by(actor)
