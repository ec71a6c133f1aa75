from rest_framework import serializers

from ..models import InformationMessage, Notification


class NotificationSerializer(serializers.ModelSerializer):
    tab = serializers.ChoiceField(choices=Notification.Tab.choices, read_only=True)
    title = serializers.CharField(source="display_title", read_only=True, help_text="In the reader's language.")
    text = serializers.CharField(source="display_text", read_only=True, help_text="In the reader's language.")

    class Meta:
        model = Notification
        fields = ["id", "kind", "tab", "title", "text", "link", "read", "created_at", "expires_at"]
        read_only_fields = fields


class TabSerializer(serializers.Serializer):
    """Body of the actions on a whole tab (or on all notifications when ``tab`` is absent)."""

    tab = serializers.ChoiceField(choices=Notification.Tab.choices, required=False)


class CountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class UnreadCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    messages = serializers.IntegerField()
    informations = serializers.IntegerField()


class StructureRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class InformationMessageSerializer(serializers.ModelSerializer):
    content = serializers.CharField(
        read_only=True, help_text="Sanitised HTML, in the current language (French fallback)."
    )
    national = serializers.BooleanField(source="is_national", read_only=True)
    structure = StructureRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = InformationMessage
        fields = ["id", "content", "national", "structure", "published_at", "expires_at"]
        read_only_fields = fields
