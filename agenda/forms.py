"""Forms of the agenda pages. They only shape the input (the recurrence editor builds an RRULE); the rules are
checked by the services, whose ValidationErrors are put back on the fields (``groups.forms.add_service_errors``)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from .models import Category, Event
from .wording import WEEKDAYS

FREQUENCIES = [
    ("", _("Ne se répète pas")),
    ("DAILY", _("Tous les jours")),
    ("WEEKLY", _("Toutes les semaines")),
    ("MONTHLY", _("Tous les mois")),
    ("YEARLY", _("Tous les ans")),
]
MONTHLY_MODES = [("day", _("Le même jour du mois")), ("weekday", _("Le même jour de la semaine (ex. 2e mardi)"))]
END_MODES = [("never", _("Jamais")), ("count", _("Après un nombre d'occurrences")), ("until", _("À une date"))]
REMINDERS = [(15, _("15 minutes avant")), (60, _("1 heure avant")), (1440, _("1 jour avant"))]
SCOPES = [("this", _("Cette occurrence")), ("following", _("Cette occurrence et les suivantes")), ("all", _("Toutes"))]
WEEKDAY_LABELS = [
    ("MO", _("lundi")),
    ("TU", _("mardi")),
    ("WE", _("mercredi")),
    ("TH", _("jeudi")),
    ("FR", _("vendredi")),
    ("SA", _("samedi")),
    ("SU", _("dimanche")),
]


class EventForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre"), max_length=200)
    all_day = forms.BooleanField(label=_("Toute la journée"), required=False)
    start_date = forms.DateField(label=_("Date de début"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Heure de début"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_date = forms.DateField(label=_("Date de fin"), widget=forms.DateInput(attrs={"type": "date"}))
    end_time = forms.TimeField(label=_("Heure de fin"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    timezone = forms.CharField(label=_("Fuseau horaire"), max_length=64, initial="Europe/Paris", required=False)
    location = forms.CharField(label=_("Lieu"), max_length=255, required=False)
    video_url = forms.URLField(label=_("Lien de visioconférence"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Texte simple ou Markdown."),
    )
    category_id = forms.TypedChoiceField(label=_("Catégorie"), required=False, coerce=int, empty_value=None)
    group_ids = forms.TypedMultipleChoiceField(
        label=_("Groupes invités"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leurs membres sont invités, y compris ceux qui les rejoindront plus tard."),
    )
    invitees = forms.CharField(
        label=_("Personnes invitées"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Adresses électroniques séparées par des virgules ou des retours à la ligne ; "
            "une adresse inconnue du portail reçoit une invitation d'invité extérieur."
        ),
    )
    reminders = forms.TypedMultipleChoiceField(
        label=_("Rappels"), required=False, coerce=int, choices=REMINDERS, widget=forms.CheckboxSelectMultiple
    )
    # The recurrence editor
    frequency = forms.ChoiceField(label=_("Répétition"), required=False, choices=FREQUENCIES)
    interval = forms.IntegerField(label=_("Intervalle"), required=False, min_value=1, max_value=366, initial=1)
    weekdays = forms.MultipleChoiceField(
        label=_("Jours de la semaine"), required=False, choices=WEEKDAY_LABELS, widget=forms.CheckboxSelectMultiple
    )
    monthly_mode = forms.ChoiceField(
        label=_("Chaque mois"), required=False, choices=MONTHLY_MODES, widget=forms.RadioSelect, initial="day"
    )
    end_mode = forms.ChoiceField(
        label=_("Fin de la répétition"), required=False, choices=END_MODES, widget=forms.RadioSelect, initial="never"
    )
    count = forms.IntegerField(label=_("Nombre d'occurrences"), required=False, min_value=1, max_value=1000)
    until = forms.DateField(
        label=_("Jusqu'au (inclus)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, groups=(), categories=None, occurrence_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        categories = Category.objects.all() if categories is None else categories
        self.fields["category_id"].choices = [("", "—"), *((c.pk, c.name) for c in categories)]
        self.fields["group_ids"].choices = [(group.pk, group.display_name) for group in groups]
        if occurrence_only:
            for name in ("frequency", "interval", "weekdays", "monthly_mode", "end_mode", "count", "until"):
                del self.fields[name]
            for name in ("group_ids", "invitees", "timezone", "reminders", "category_id"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if not data.get("all_day"):
            for name in ("start_time", "end_time"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Indiquez l'heure, ou cochez « Toute la journée »."))
        return data

    def rrule(self):
        """The RRULE built from the recurrence editor ("" for none); the service checks it."""
        data = self.cleaned_data
        frequency = data.get("frequency")
        if not frequency:
            return ""
        parts = {"FREQ": frequency}
        if (data.get("interval") or 1) > 1:
            parts["INTERVAL"] = str(data["interval"])
        start = data.get("start_date")
        if frequency == "WEEKLY":
            days = [day for day in WEEKDAYS if day in (data.get("weekdays") or [])]
            if not days and start:
                days = [WEEKDAYS[start.weekday()]]
            parts["BYDAY"] = ",".join(days)
        elif frequency == "MONTHLY" and start:
            if data.get("monthly_mode") == "weekday":
                position = (start.day - 1) // 7 + 1
                parts["BYDAY"] = f"{-1 if position == 5 else position}{WEEKDAYS[start.weekday()]}"
            else:
                parts["BYMONTHDAY"] = str(start.day)
        if data.get("end_mode") == "count" and data.get("count"):
            parts["COUNT"] = str(data["count"])
        elif data.get("end_mode") == "until" and data.get("until"):
            parts["UNTIL"] = data["until"].strftime("%Y%m%d")
        return ";".join(f"{key}={value}" for key, value in parts.items())

    def invitee_emails(self):
        raw = (self.cleaned_data.get("invitees") or "").replace(";", ",").replace("\n", ",")
        return [item.strip().lower() for item in raw.split(",") if item.strip()]

    def times(self):
        data = self.cleaned_data
        if data.get("all_day"):
            from datetime import timedelta

            return data["start_date"], data["end_date"] + timedelta(days=1)
        from datetime import datetime

        return (
            datetime.combine(data["start_date"], data["start_time"]),
            datetime.combine(data["end_date"], data["end_time"]),
        )


class ImportForm(DsfrBaseForm):
    file = forms.FileField(
        label=_("Fichier .ics"),
        help_text=_("Un calendrier exporté au format iCalendar (%(size)s Mo au plus).")
        % {"size": settings.AGENDA_IMPORT_MAX_BYTES // (1024 * 1024)},
    )


class DeleteForm(DsfrBaseForm):
    scope = forms.ChoiceField(label=_("Supprimer"), choices=SCOPES, widget=forms.RadioSelect, initial="this")


def initial_for(event, occurrence_start=None):
    """Initial values of the edit form from an event (an occurrence: its own start)."""
    from zoneinfo import ZoneInfo

    from .recurrence import parse_rule

    tz = ZoneInfo(event.timezone)
    start = (occurrence_start or event.start).astimezone(tz)
    end = (start + event.duration) if occurrence_start else event.end.astimezone(tz)
    if event.all_day:
        from datetime import timedelta

        end = end - timedelta(days=1)
    initial = {
        "title": event.title,
        "all_day": event.all_day,
        "start_date": start.date(),
        "start_time": None if event.all_day else start.time(),
        "end_date": end.date(),
        "end_time": None if event.all_day else end.time(),
        "timezone": event.timezone,
        "location": event.location,
        "video_url": event.video_url,
        "description": event.description,
        "category_id": event.category_id,
        "reminders": event.reminders,
        "group_ids": list(event.groups.values_list("pk", flat=True)) if event.pk else [],
    }
    if event.rrule:
        parts = parse_rule(event.rrule)
        initial.update(
            frequency=parts["FREQ"],
            interval=int(parts.get("INTERVAL", 1)),
            weekdays=[day[-2:] for day in parts.get("BYDAY", "").split(",") if day],
            monthly_mode="weekday" if parts["FREQ"] == "MONTHLY" and "BYDAY" in parts else "day",
            end_mode="count" if "COUNT" in parts else "until" if "UNTIL" in parts else "never",
            count=int(parts["COUNT"]) if "COUNT" in parts else None,
        )
    return initial


__all__ = ["DeleteForm", "EventForm", "ImportForm", "Event", "initial_for"]
