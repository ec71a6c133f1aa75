"""Serializers of the agenda API: occurrences of a window, an event with its participants, and the write input
(passed to the services, which check every rule and answer a 400 naming the field)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from ..models import Participant


def _absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


class EventCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    colour = serializers.CharField()

    class Meta:
        ref_name = "EventCategory"  # the catalogue's services have their own "Category" component


class OccurrenceSerializer(serializers.Serializer):
    """One occurrence: ``id`` is the event (the series), ``occurrence`` its original start key ("" for a one-off)."""

    id = serializers.IntegerField(source="series_id")
    occurrence = serializers.CharField(source="key")
    title = serializers.CharField(source="event.title")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    all_day = serializers.BooleanField()
    timezone = serializers.CharField(source="event.timezone")
    location = serializers.CharField(source="event.location")
    category = EventCategorySerializer(source="event.category", allow_null=True)
    recurring = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()

    def get_recurring(self, occurrence) -> bool:
        return occurrence.recurrence_id is not None

    def get_url(self, occurrence) -> str:
        return _absolute(self.context.get("request"), occurrence.url)

    def get_ics_url(self, occurrence) -> str:
        return _absolute(self.context.get("request"), f"{occurrence.url.split('?')[0]}ics/")


def occurrences_data(occurrences, request):
    """What ``OccurrenceSerializer`` gives, built directly: a window may hold thousands of occurrences and DRF's
    field machinery costs about ten times more per item (the serializer stays for the OpenAPI schema)."""
    base = request.build_absolute_uri("/").rstrip("/") if request is not None else ""
    categories = {}
    data = []
    for occurrence in occurrences:
        event = occurrence.event
        category = None
        if event.category_id:
            if event.category_id not in categories:
                categories[event.category_id] = {
                    "id": event.category_id,
                    "name": event.category.name,
                    "colour": event.category.colour,
                }
            category = categories[event.category_id]
        url = occurrence.url
        data.append(
            {
                "id": occurrence.series_id,
                "occurrence": occurrence.key,
                "title": event.title,
                "start": timezone.localtime(occurrence.start).isoformat(),
                "end": timezone.localtime(occurrence.end).isoformat(),
                "all_day": event.all_day,
                "timezone": event.timezone,
                "location": event.location,
                "category": category,
                "recurring": occurrence.recurrence_id is not None,
                "url": base + url,
                "ics_url": f"{base}{url.split('?')[0]}ics/",
            }
        )
    return data


class ParticipantSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id", allow_null=True)
    name = serializers.SerializerMethodField()
    status = serializers.CharField()
    guest = serializers.BooleanField(source="is_guest")

    def get_name(self, participant) -> str:
        if participant.user_id:
            return participant.user.get_full_name() or participant.user.username
        return participant.email


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    uid = serializers.CharField()
    sequence = serializers.IntegerField()
    title = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    all_day = serializers.BooleanField()
    timezone = serializers.CharField()
    location = serializers.CharField()
    description = serializers.CharField()
    video_url = serializers.CharField()
    rrule = serializers.CharField()
    exdates = serializers.ListField(child=serializers.CharField())
    reminders = serializers.ListField(child=serializers.IntegerField())
    category = EventCategorySerializer(allow_null=True)
    organiser = serializers.IntegerField(source="organiser_id", allow_null=True)
    groups = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()
    abilities = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()

    def get_groups(self, event) -> list[int]:
        return sorted(group.pk for group in event.groups.all())

    def get_participants(self, event) -> list[dict]:
        rows = self.context.get("participants", [])
        return ParticipantSerializer(rows, many=True).data

    def get_abilities(self, event) -> dict:
        return self.context.get("abilities", {})

    def get_ics_url(self, event) -> str:
        return _absolute(self.context.get("request"), reverse("agenda:export", args=[event.pk]))


class EventWriteSerializer(serializers.Serializer):
    """Creation and changes. Times are ISO 8601: an aware or naive datetime (read in ``timezone``), or a date for
    an all-day event (``end`` exclusive). For a change, ``scope`` (all, this, following) and ``occurrence`` (the
    original start of the occurrence, as given by the list) say what changes."""

    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    start = serializers.CharField(required=False)
    end = serializers.CharField(required=False)
    timezone = serializers.CharField(required=False, max_length=64)
    all_day = serializers.BooleanField(required=False)
    location = serializers.CharField(required=False, allow_blank=True, max_length=500)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    video_url = serializers.CharField(required=False, allow_blank=True, max_length=500)
    category_id = serializers.IntegerField(required=False, allow_null=True)
    rrule = serializers.CharField(required=False, allow_blank=True, max_length=500)
    reminders = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=10)
    group_ids = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=100)
    participant_user_ids = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=5000)
    guest_emails = serializers.ListField(child=serializers.CharField(max_length=254), required=False, max_length=500)
    scope = serializers.ChoiceField(choices=["all", "this", "following"], required=False)
    occurrence = serializers.DateTimeField(required=False)

    def validate(self, attrs):
        if not self.partial:
            missing = [name for name in ("title", "start", "end") if not attrs.get(name)]
            if missing:
                raise serializers.ValidationError({name: _("Ce champ est obligatoire.") for name in missing})
        return attrs


class AnswerSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[Participant.Status.ACCEPTED, Participant.Status.TENTATIVE, Participant.Status.DECLINED]
    )


class FeedSerializer(serializers.Serializer):
    url = serializers.CharField()
