"""The calendar pages: month, week and list of my agenda, and a group's "Agenda" tab. Server-rendered, no JavaScript;
the previous / next / today links and the filters are plain links and a GET form."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _

from groups.selectors import directory, group_for_viewer, member_group_ids
from groups.views import _group_page_context

from . import grid, selectors
from .abilities import is_group_member
from .models import Category

LIST_DAYS = 30
#: Occurrences shown in a day cell of the month view; "N autres" links to the day in the list view.
MONTH_CELL_ITEMS = 6
GROUP_TAB_DAYS = 90


def _int(value):
    return int(value) if value and str(value).isdigit() else None


def _filters(request):
    return {
        "group": _int(request.GET.get("group")),
        "category": _int(request.GET.get("category")),
        "mine": request.GET.get("mine") == "1",
        "weekends": request.GET.get("weekends", "1") != "0",
    }


def _link(view_filters, **params):
    values = {
        "group": view_filters["group"] or "",
        "category": view_filters["category"] or "",
        "mine": "1" if view_filters["mine"] else "",
        "weekends": "" if view_filters["weekends"] else "0",
    }
    values.update(params)
    return "?" + urlencode({key: value for key, value in values.items() if value not in ("", None)})


def _occurrences(request, view_filters, first_day, last_day):
    return selectors.agenda_of(
        request.user,
        *grid.window(first_day, last_day),
        group_id=view_filters["group"],
        category_id=view_filters["category"],
        mine=view_filters["mine"],
    )


def _context(request, view_filters, view, title, previous, following, today):
    return {
        "view": view,
        "title": title,
        "filters": view_filters,
        "previous_url": _link(view_filters, **previous),
        "next_url": _link(view_filters, **following),
        "today_url": _link(view_filters, **today),
        "weekends_url": _link({**view_filters, "weekends": not view_filters["weekends"]}, **previous | today),
        "list_url": _link(view_filters),
        "groups": directory(request.user, mine=True).filter(pk__in=member_group_ids(request.user)),
        "categories": Category.objects.all(),
    }


def _weekday_headers(weekends):
    names = [_("Lundi"), _("Mardi"), _("Mercredi"), _("Jeudi"), _("Vendredi"), _("Samedi"), _("Dimanche")]
    return names if weekends else names[:5]


@login_required
def month(request):
    view_filters = _filters(request)
    first = grid.parse_month(request.GET.get("month"))
    first_day, last_day, next_month = grid.month_bounds(first)
    occurrences = _occurrences(request, view_filters, first_day, last_day)
    previous = (first - timedelta(days=1)).replace(day=1)
    context = _context(
        request,
        view_filters,
        "month",
        formats.date_format(first, "F Y"),
        {"month": previous.strftime("%Y-%m")},
        {"month": next_month.strftime("%Y-%m")},
        {"month": ""},
    )
    context.update(
        weeks=grid.weeks(
            first_day,
            last_day,
            occurrences,
            weekends=view_filters["weekends"],
            month=first.month,
            per_day=MONTH_CELL_ITEMS,
        ),
        headers=_weekday_headers(view_filters["weekends"]),
        empty=not occurrences,
    )
    return render(request, "agenda/month.html", context)


@login_required
def week(request):
    view_filters = _filters(request)
    day = grid.parse_day(request.GET.get("date"))
    monday = day - timedelta(days=day.weekday())
    sunday = monday + timedelta(days=6)
    occurrences = _occurrences(request, view_filters, monday, sunday)
    title = _("Semaine du %(day)s") % {"day": formats.date_format(monday, "j F Y")}
    context = _context(
        request,
        view_filters,
        "week",
        title,
        {"date": (monday - timedelta(days=7)).isoformat()},
        {"date": (monday + timedelta(days=7)).isoformat()},
        {"date": ""},
    )
    context.update(
        weeks=grid.weeks(monday, sunday, occurrences, weekends=view_filters["weekends"]),
        empty=not occurrences,
    )
    return render(request, "agenda/week.html", context)


@login_required
def agenda_list(request):
    view_filters = _filters(request)
    first = grid.parse_day(request.GET.get("start"))
    last = first + timedelta(days=LIST_DAYS - 1)
    occurrences = _occurrences(request, view_filters, first, last)
    title = _("Du %(first)s au %(last)s") % {
        "first": formats.date_format(first, "j F Y"),
        "last": formats.date_format(last, "j F Y"),
    }
    context = _context(
        request,
        view_filters,
        "list",
        title,
        {"start": (first - timedelta(days=LIST_DAYS)).isoformat()},
        {"start": (last + timedelta(days=1)).isoformat()},
        {"start": ""},
    )
    days = grid.by_day(occurrences, first, last)
    context.update(days=[(day, items) for day, items in days.items() if items], empty=not occurrences)
    return render(request, "agenda/list.html", context)


@login_required
def group_agenda(request, slug):
    """A group's "Agenda" tab: the upcoming occurrences of the events that invited the group (members only)."""
    group = group_for_viewer(request.user, slug=slug)
    if group is None or not is_group_member(request.user, group):
        raise Http404
    from groups.abilities import get_group_abilities

    abilities = get_group_abilities(request.user, group)
    first = grid.parse_day(request.GET.get("start"))
    last = first + timedelta(days=GROUP_TAB_DAYS - 1)
    occurrences = selectors.occurrences(selectors.group_events(group.pk), *grid.window(first, last))
    context = _group_page_context(request, group, abilities, "agenda")
    days = grid.by_day(occurrences, first, last)
    context.update(
        days=[(day, items) for day, items in days.items() if items],
        first=first,
        last=last,
        next_url="?" + urlencode({"start": (last + timedelta(days=1)).isoformat()}),
        previous_url="?" + urlencode({"start": (first - timedelta(days=GROUP_TAB_DAYS)).isoformat()}),
    )
    return render(request, "agenda/group_agenda.html", context)
