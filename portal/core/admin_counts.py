"""Row counts of the back office's lists that do not read a million rows on every page.

Django's changelist counts the filtered rows (``COUNT(*)``) on every page to number the pages. At the ministry's
scale (a million people) that count alone costs a second. ``EstimatedCountPaginator`` counts exactly up to
``EXACT_COUNT_MAX`` rows (a count that stops there: bounded cost) and beyond that takes PostgreSQL's planner
estimate (``EXPLAIN``: no row read), flagged so that the page says "about". Other databases count exactly.
"""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

#: Up to this many rows, a list's count is exact.
EXACT_COUNT_MAX = 10_000


def bounded_count(queryset, limit: int) -> int:
    """``min(count, limit + 1)``: one query that stops reading after ``limit + 1`` rows."""
    return queryset.order_by().values("pk")[: limit + 1].count()


def planner_estimate(queryset) -> int | None:
    """PostgreSQL's estimate of the number of rows of ``queryset`` (one ``EXPLAIN``), None elsewhere."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def estimated_count(queryset, exact_max: int | None = None) -> tuple[int, bool]:
    """(count, is_estimate): exact up to ``exact_max`` rows (default ``EXACT_COUNT_MAX``); beyond, the planner's
    estimate where there is one."""
    exact_max = EXACT_COUNT_MAX if exact_max is None else exact_max
    counted = bounded_count(queryset, exact_max)
    if counted <= exact_max:
        return counted, False
    estimate = planner_estimate(queryset)
    if estimate is None:
        return queryset.count(), False
    # The estimate never claims fewer rows than were just counted.
    return max(estimate, counted), True


class EstimatedCountPaginator(Paginator):
    """A paginator whose ``count`` is exact for small lists and estimated for huge ones (``is_estimate``)."""

    is_estimate = False

    @cached_property
    def count(self):
        if not hasattr(self.object_list, "query"):  # a list, not a queryset
            return len(self.object_list)
        count, self.is_estimate = estimated_count(self.object_list)
        return count
