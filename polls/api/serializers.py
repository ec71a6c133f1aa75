"""JSON shapes of the polls API. Only the fields a reader needs: a person is ``{id, name}``, a group ``{id, name}``
(never a whole user or group record); e-mails only for the poll's owner. Input serializers shape types and lengths;
the rules are the services'."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..abilities import get_poll_abilities
from ..models import TITLE_MAX_LENGTH, Poll, Vote
from ..options import date_options, meeting_slots, text_options


class OptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    label = serializers.CharField(read_only=True)
    start = serializers.DateTimeField(read_only=True, allow_null=True)
    end = serializers.DateTimeField(read_only=True, allow_null=True)


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.username


class PollSerializer(serializers.ModelSerializer):
    owner = PersonRefSerializer(read_only=True)
    groups = serializers.SerializerMethodField()
    options = serializers.SerializerMethodField()
    public_url = serializers.SerializerMethodField()
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = Poll
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "state",
            "owner",
            "groups",
            "is_public",
            "public_url",
            "duration_minutes",
            "all_day",
            "time_zone",
            "hide_participants",
            "allow_maybe",
            "multiple_choice",
            "max_answers_per_option",
            "max_bookings_per_person",
            "min_notice_hours",
            "deadline",
            "notify_owner",
            "chosen_option",
            "options",
            "abilities",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _abilities(self, poll):
        cache = self.context.setdefault("_abilities", {})
        if poll.pk not in cache:
            cache[poll.pk] = get_poll_abilities(
                self.context["request"].user, poll, via_link=self.context.get("via_link", False)
            )
        return cache[poll.pk]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_groups(self, poll):
        return [{"id": group.pk, "name": group.display_name} for group in poll.groups.all()]

    @extend_schema_field(OptionSerializer(many=True))
    def get_options(self, poll):
        return OptionSerializer(poll.options.all(), many=True).data

    def get_public_url(self, poll) -> str | None:
        if poll.is_public and self._abilities(poll)["export"]:
            return self.context["request"].build_absolute_uri(poll.public_url())
        return None

    @extend_schema_field(serializers.DictField(child=serializers.BooleanField()))
    def get_abilities(self, poll):
        return self._abilities(poll)


class PollWriteSerializer(serializers.Serializer):
    """Creation and partial update. ``options`` is built for the poll's kind: ``days`` and ``times`` (date polls),
    ``labels`` (text polls) or ``days``, ``start_time`` and ``end_time`` (meeting polls, cut by the duration)."""

    kind = serializers.ChoiceField(choices=Poll.Kind.choices, required=False)
    title = serializers.CharField(max_length=TITLE_MAX_LENGTH, required=False)
    description = serializers.CharField(allow_blank=True, required=False)
    duration_minutes = serializers.IntegerField(required=False)
    all_day = serializers.BooleanField(required=False)
    time_zone = serializers.CharField(max_length=64, required=False)
    is_public = serializers.BooleanField(required=False)
    hide_participants = serializers.BooleanField(required=False)
    allow_maybe = serializers.BooleanField(required=False)
    multiple_choice = serializers.BooleanField(required=False)
    max_answers_per_option = serializers.IntegerField(required=False, allow_null=True)
    max_bookings_per_person = serializers.IntegerField(required=False)
    min_notice_hours = serializers.IntegerField(required=False)
    deadline = serializers.DateTimeField(required=False, allow_null=True)
    notify_owner = serializers.BooleanField(required=False)
    groups = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=100)
    people = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=1000)
    days = serializers.ListField(child=serializers.CharField(max_length=20), required=False, max_length=500)
    times = serializers.ListField(child=serializers.CharField(max_length=10), required=False, max_length=100)
    labels = serializers.ListField(child=serializers.CharField(max_length=300), required=False, max_length=600)
    start_time = serializers.CharField(max_length=10, required=False)
    end_time = serializers.CharField(max_length=10, required=False)

    OPTION_FIELDS = ("days", "times", "labels", "start_time", "end_time")

    def validate(self, data):
        if "owner" in self.initial_data:
            raise serializers.ValidationError({"owner": _("Le propriétaire d'un sondage ne peut pas être changé.")})
        return data

    def service_kwargs(self, poll=None):
        """The service's keyword arguments: settings, ``group_ids``/``people_ids`` and built ``options``."""
        data = dict(self.validated_data)
        kwargs = {key: value for key, value in data.items() if key not in (*self.OPTION_FIELDS, "groups", "people")}
        if "groups" in data:
            kwargs["group_ids"] = data["groups"]
        if "people" in data:
            kwargs["people_ids"] = data["people"]
        if any(field in data for field in self.OPTION_FIELDS):
            kwargs["options"] = self._options(data, poll)
        return kwargs

    def _options(self, data, poll):
        kind = data.get("kind") or (poll.kind if poll else Poll.Kind.DATE)
        duration = data.get("duration_minutes") or (poll.duration_minutes if poll else 60)
        zone = data.get("time_zone") or (poll.time_zone if poll else "Europe/Paris")
        all_day = data.get("all_day", poll.all_day if poll else False)
        try:
            if kind == Poll.Kind.TEXT:
                return text_options(data.get("labels", []))
            if kind == Poll.Kind.MEETING:
                return meeting_slots(
                    data.get("days", []),
                    start_time=data.get("start_time", ""),
                    end_time=data.get("end_time", ""),
                    duration_minutes=duration,
                    time_zone=zone,
                )
            return date_options(
                data.get("days", []), data.get("times", []), duration_minutes=duration, time_zone=zone, all_day=all_day
            )
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error


class CloseSerializer(serializers.Serializer):
    option = serializers.IntegerField(required=False, allow_null=True)


class AnswerWriteSerializer(serializers.Serializer):
    """``votes``: option id -> ``yes``, ``maybe`` or ``no``. ``name``/``email``: public respondents only (a portal
    person is known by their account, whatever the body says)."""

    votes = serializers.DictField(child=serializers.ChoiceField(choices=Vote.Value.choices), required=False)
    comment = serializers.CharField(allow_blank=True, required=False, max_length=2000)
    name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)


class AnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    comment = serializers.CharField(read_only=True)
    votes = serializers.DictField(child=serializers.CharField(), read_only=True)
    edit_token = serializers.CharField(read_only=True, required=False)


class ResultOptionSerializer(OptionSerializer):
    yes = serializers.IntegerField(read_only=True)
    maybe = serializers.IntegerField(read_only=True)
    best = serializers.BooleanField(read_only=True)


class ParticipantSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True, required=False)
    votes = serializers.DictField(child=serializers.CharField(), read_only=True)


class ResultsSerializer(serializers.Serializer):
    answer_count = serializers.IntegerField(read_only=True)
    options = ResultOptionSerializer(many=True, read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True, allow_null=True)


class BookSerializer(serializers.Serializer):
    slot = serializers.IntegerField()
    name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)


class BookingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    slot = OptionSerializer(read_only=True)
    confirmed = serializers.BooleanField(read_only=True)
    name = serializers.CharField(source="answer.name", read_only=True, allow_null=True)


class BookingActionSerializer(serializers.Serializer):
    slot = serializers.IntegerField(required=False)
    message = serializers.CharField(required=False, allow_blank=True, max_length=2048)
