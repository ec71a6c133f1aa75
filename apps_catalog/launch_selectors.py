"""The launch statistics an admin may read: buckets of their subtree, counts per period and service, the report."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, Sum
from django.db.models.functions import TruncDay, TruncHour, TruncMonth
from django.utils import timezone

from portal.core.abilities import is_global_admin
from portal.structures.abilities import administered_paths

from .models import LaunchBucket

GRANULARITIES = {"hour": TruncHour, "day": TruncDay, "month": TruncMonth}


def launch_buckets_for(user):
    """Buckets an admin may read: all for a global admin, else the launches by people of their subtrees."""
    if is_global_admin(user):
        return LaunchBucket.objects.all()
    paths = administered_paths(user)
    if not paths:
        return LaunchBucket.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(structure__path__startswith=path)
    return LaunchBucket.objects.filter(condition)


def launch_counts(user, start: datetime, end: datetime, granularity: str = "day", service_id=None):
    """Launch counts between ``start`` (included) and ``end`` (excluded), per period and service (one query)."""
    trunc = GRANULARITIES[granularity]
    queryset = launch_buckets_for(user).filter(hour__gte=start, hour__lt=end)
    if service_id:
        queryset = queryset.filter(service_id=service_id)
    return (
        queryset.annotate(period=trunc("hour"))
        .values("period", "service_id", "service__title")
        .annotate(total=Sum("count"))
        .order_by("period", "service__title", "service_id")
    )


PERIOD_FORMATS = {"hour": "%d/%m/%Y %H:00", "day": "%d/%m/%Y", "month": "%m/%Y"}


@dataclass
class LaunchReport:
    total: int
    by_service: list[tuple[str, int, int]]  # (title, launches, percent of the largest)
    by_period: list[tuple[str, int, int]]  # (period label, launches, percent of the largest)

    BAR_STEP = 10  # SVG units per period; the chart is 100 units high

    @property
    def chart_width(self):
        return max(1, len(self.by_period)) * self.BAR_STEP

    @property
    def bars(self):
        """The bar chart's rectangles (the same figures are in the period table next to it)."""
        return [
            {
                "label": label,
                "count": count,
                "x": index * self.BAR_STEP + 1,
                "width": self.BAR_STEP - 2,
                "y": 100 - percent,
                "height": percent,
            }
            for index, (label, count, percent) in enumerate(self.by_period)
        ]


def _with_percent(pairs):
    largest = max((count for _label, count in pairs), default=0) or 1
    return [(label, count, round(100 * count / largest)) for label, count in pairs]


def launch_report(rows, granularity) -> LaunchReport:
    """Totals per service (largest first) and per period (in time order) from ``launch_counts`` rows."""
    by_service, by_period = {}, {}
    for row in rows:
        by_service[row["service__title"]] = by_service.get(row["service__title"], 0) + row["total"]
        label = timezone.localtime(row["period"]).strftime(PERIOD_FORMATS[granularity])
        by_period[label] = by_period.get(label, 0) + row["total"]
    services_sorted = sorted(by_service.items(), key=lambda pair: (-pair[1], pair[0]))
    return LaunchReport(
        total=sum(by_service.values()),
        by_service=_with_percent(services_sorted),
        by_period=_with_percent(list(by_period.items())),
    )
