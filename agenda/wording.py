"""A recurrence rule in words, for people: "toutes les 2 semaines le mardi, jusqu'au 30 juin 2026"."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .recurrence import parse_exdate, parse_rule

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def weekday_names():
    return {
        "MO": _("lundi"),
        "TU": _("mardi"),
        "WE": _("mercredi"),
        "TH": _("jeudi"),
        "FR": _("vendredi"),
        "SA": _("samedi"),
        "SU": _("dimanche"),
    }


def ordinal(position):
    return {
        1: _("premier"),
        2: _("deuxième"),
        3: _("troisième"),
        4: _("quatrième"),
        -1: _("dernier"),
    }.get(position, str(position))


def _days(byday):
    names = weekday_names()
    result = []
    for item in byday.split(","):
        code = item[-2:]
        position = item[:-2]
        name = names.get(code, code)
        result.append(f"{ordinal(int(position))} {name}" if position else name)
    return ", ".join(result)


def describe(rrule, timezone_name="Europe/Paris"):
    """The rule in words ("" for no rule)."""
    if not rrule:
        return ""
    parts = parse_rule(rrule)
    interval = int(parts.get("INTERVAL", 1))
    freq = parts["FREQ"]
    if freq == "DAILY":
        text = ngettext("tous les jours", "tous les %(n)s jours", interval) % {"n": interval}
    elif freq == "WEEKLY":
        text = ngettext("toutes les semaines", "toutes les %(n)s semaines", interval) % {"n": interval}
    elif freq == "MONTHLY":
        text = ngettext("tous les mois", "tous les %(n)s mois", interval) % {"n": interval}
    else:
        text = ngettext("tous les ans", "tous les %(n)s ans", interval) % {"n": interval}
    if "BYDAY" in parts:
        text += " " + _("le %(days)s") % {"days": _days(parts["BYDAY"])}
    if "BYMONTHDAY" in parts:
        text += " " + _("le %(days)s du mois") % {"days": parts["BYMONTHDAY"]}
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        text += ", " + ngettext("%(n)s fois", "%(n)s fois", count) % {"n": count}
    elif "UNTIL" in parts:
        from zoneinfo import ZoneInfo

        until = parse_exdate(
            f"{parts['UNTIL'][:4]}-{parts['UNTIL'][4:6]}-{parts['UNTIL'][6:8]}T{parts['UNTIL'][9:11]}:"
            f"{parts['UNTIL'][11:13]}:{parts['UNTIL'][13:15]}Z"
        ).astimezone(ZoneInfo(timezone_name))
        text += ", " + _("jusqu'au %(date)s") % {"date": formats.date_format(until.date(), "j F Y")}
    return text
