import django_filters

from ..models import Notification


class NotificationFilter(django_filters.FilterSet):
    # A choice filter, not BooleanFilter: "read=maybe" must be a 400, not silently ignored.
    read = django_filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true"
    )
    kind = django_filters.ChoiceFilter(choices=Notification.Kind.choices)
    tab = django_filters.ChoiceFilter(choices=Notification.Tab.choices, method="filter_tab")

    class Meta:
        model = Notification
        fields = ["read", "kind", "tab"]

    def filter_tab(self, queryset, name, value):
        messages = queryset.filter(kind__in=Notification.MESSAGE_KINDS)
        return messages if value == Notification.Tab.MESSAGES else queryset.exclude(kind__in=Notification.MESSAGE_KINDS)
