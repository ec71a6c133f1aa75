"""Forms of the poll pages. They only parse; every rule is checked by the services (errors come back per field)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from portal.core.forms import add_service_errors

from .models import Poll
from .options import DURATIONS, date_options, meeting_slots, split_list, text_options


class PollForm(DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Type de sondage"), choices=Poll.Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    days = forms.CharField(
        label=_("Jours proposés"),
        required=False,
        help_text=_("Sondage de dates et rendez-vous : une date par ligne, au format AAAA-MM-JJ."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    times = forms.CharField(
        label=_("Heures de début"),
        required=False,
        help_text=_("Sondage de dates : heures séparées par des virgules (09:00, 14:00), appliquées à chaque jour."),
    )
    all_day = forms.BooleanField(label=_("Journées entières (sans heure)"), required=False)
    duration_minutes = forms.TypedChoiceField(
        label=_("Durée (minutes)"), coerce=int, choices=[(minutes, minutes) for minutes in DURATIONS], initial=60
    )
    start_time = forms.CharField(label=_("Rendez-vous : de"), required=False, help_text=_("Format HH:MM."))
    end_time = forms.CharField(label=_("Rendez-vous : à"), required=False, help_text=_("Format HH:MM."))
    labels = forms.CharField(
        label=_("Options"),
        required=False,
        help_text=_("Sondage à choix : une option par ligne."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    time_zone = forms.CharField(label=_("Fuseau horaire"), initial="Europe/Paris", max_length=64)
    groups = forms.TypedMultipleChoiceField(
        label=_("Groupes interrogés"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    is_public = forms.BooleanField(label=_("Lien public (toute personne ayant le lien, sans compte)"), required=False)
    hide_participants = forms.BooleanField(label=_("Masquer les participants"), required=False)
    allow_maybe = forms.BooleanField(label=_("Autoriser « si nécessaire »"), required=False, initial=True)
    multiple_choice = forms.BooleanField(label=_("Plusieurs choix possibles"), required=False, initial=True)
    max_answers_per_option = forms.IntegerField(label=_("Réponses maximum par option"), required=False, min_value=1)
    max_bookings_per_person = forms.IntegerField(label=_("Créneaux par personne"), initial=1, min_value=1, max_value=50)
    min_notice_hours = forms.IntegerField(label=_("Délai de prévenance (heures)"), initial=0, min_value=0)
    deadline = forms.DateTimeField(
        label=_("Date limite"),
        required=False,
        help_text=_("Format AAAA-MM-JJ HH:MM."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    notify_owner = forms.BooleanField(label=_("Me prévenir à chaque réponse"), required=False)

    SETTINGS = (
        "title",
        "description",
        "kind",
        "duration_minutes",
        "all_day",
        "time_zone",
        "is_public",
        "hide_participants",
        "allow_maybe",
        "multiple_choice",
        "max_answers_per_option",
        "max_bookings_per_person",
        "min_notice_hours",
        "deadline",
        "notify_owner",
    )
    OPEN_SETTINGS = ("title", "description", "deadline", "notify_owner", "hide_participants", "max_answers_per_option")

    def __init__(self, *args, group_choices=(), open_poll=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = list(group_choices)
        self.open_poll = open_poll
        if open_poll:
            for name in self.SETTINGS:
                if name not in self.OPEN_SETTINGS and name in self.fields and name != "kind":
                    self.fields[name].disabled = True
            self.fields["kind"].disabled = True
            self.fields["groups"].disabled = True

    def options(self):
        """The options typed in, built for the chosen kind (None when nothing was typed, on an open poll)."""
        data = self.cleaned_data
        kind = data["kind"]
        try:
            if kind == Poll.Kind.TEXT:
                built = text_options(data.get("labels"))
            elif kind == Poll.Kind.MEETING:
                built = (
                    meeting_slots(
                        split_list(data.get("days")),
                        start_time=data.get("start_time"),
                        end_time=data.get("end_time"),
                        duration_minutes=data["duration_minutes"],
                        time_zone=data["time_zone"],
                    )
                    if data.get("days")
                    else []
                )
            else:
                built = date_options(
                    split_list(data.get("days")),
                    split_list(data.get("times")),
                    duration_minutes=data["duration_minutes"],
                    time_zone=data["time_zone"],
                    all_day=data.get("all_day", False),
                )
        except ValidationError as error:
            add_service_errors(self, error)
            return None
        return built

    def changes(self):
        names = self.OPEN_SETTINGS if self.open_poll else self.SETTINGS
        return {name: self.cleaned_data.get(name) for name in names}


class CommentForm(DsfrBaseForm):
    text = forms.CharField(label=_("Votre commentaire"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class IdentityForm(DsfrBaseForm):
    """A public respondent's name and e-mail (portal people are known by their account)."""

    name = forms.CharField(label=_("Votre nom"), max_length=150)
    email = forms.EmailField(label=_("Votre adresse e-mail"))
