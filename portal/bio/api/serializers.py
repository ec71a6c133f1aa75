"""Shapes of the bio API. Output is built from ``selectors.CardView`` (only what the viewer may see); input is
validated here for its shape and by ``services.update_card`` for the rules."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import PUBLIC_NAME_MAX_LENGTH, SKILL_MAX_LENGTH, Visibility
from ..services import MAX_LINKS, MAX_SKILLS


@extend_schema_field({"type": "string", "pattern": "^(public|staff|hidden)$"})  # no enum: one name, no warning
class VisibilityField(serializers.ChoiceField):
    """public, staff (signed-in portal people) or hidden (the owner only)."""

    def __init__(self, **kwargs):
        super().__init__(choices=Visibility.choices, **kwargs)


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=80)
    url = serializers.CharField(max_length=500)
    network = serializers.CharField(read_only=True)
    visibility = VisibilityField(default=Visibility.HIDDEN)


class CardSerializer(serializers.Serializer):
    """A card as one viewer sees it: fields they may not read are empty (``""``, ``[]``)."""

    public_name = serializers.CharField()
    url = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    avatar_url = serializers.CharField()
    headline = serializers.CharField()
    biography = serializers.CharField(help_text="Markdown source")
    biography_html = serializers.CharField(help_text="Sanitised HTML")
    skills = serializers.ListField(child=serializers.CharField())
    email = serializers.CharField()
    structure = serializers.CharField()
    links = LinkSerializer(many=True)


class CardSummarySerializer(serializers.Serializer):
    public_name = serializers.CharField()
    url = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    headline = serializers.CharField()
    skills = serializers.ListField(child=serializers.CharField())
    structure = serializers.CharField()


class MyCardSerializer(CardSerializer):
    """The owner's card: everything, with the visibilities and states."""

    published = serializers.BooleanField()
    checked = serializers.BooleanField()
    moderated = serializers.BooleanField()
    moderation_reason = serializers.CharField()
    headline_visibility = VisibilityField()
    biography_visibility = VisibilityField()
    skills_visibility = VisibilityField()
    email_visibility = VisibilityField()
    structure_visibility = VisibilityField()


class MyCardUpdateSerializer(serializers.Serializer):
    """PATCH of my card: any subset of these; ``skills`` and ``links`` replace the whole list when given."""

    public_name = serializers.CharField(max_length=PUBLIC_NAME_MAX_LENGTH * 2)
    published = serializers.BooleanField()
    headline = serializers.CharField(max_length=150, allow_blank=True)
    headline_visibility = VisibilityField()
    biography = serializers.CharField(max_length=5000, allow_blank=True)
    biography_visibility = VisibilityField()
    skills = serializers.ListField(child=serializers.CharField(max_length=SKILL_MAX_LENGTH + 1), max_length=MAX_SKILLS)
    skills_visibility = VisibilityField()
    email_visibility = VisibilityField()
    structure_visibility = VisibilityField()
    links = LinkSerializer(many=True, max_length=MAX_LINKS)


class SkillSerializer(serializers.Serializer):
    name = serializers.CharField()
    card_count = serializers.IntegerField(help_text="Listed cards showing this skill to the caller")
