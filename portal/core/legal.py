"""Default texts of the legal pages, shipped with the portal (templates/core/legal/<language>/<key>.html).

A page shows what global admins wrote in the back office (``LegalPage``) and, until they write anything, its default
text in the reader's language. The admin's "add" form starts from the same default, so editing never begins from an
empty page. The figures of the personal-data page (how long things are kept) come from the settings.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language

#: The languages a default text exists in; others read the French one.
DEFAULT_LANGUAGES = ("fr", "en")


def _retention_context():
    notification_days = [days for days in settings.NOTIFICATION_EXPIRY_DAYS.values() if days]
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "notification_days_min": min(notification_days, default=0),
        "notification_days_max": max(notification_days, default=0),
        "launch_stats_days": settings.LAUNCH_STATS_RETENTION_DAYS,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    }


def default_legal_content(key: str, language: str | None = None) -> str:
    """The shipped HTML of legal page ``key`` (a ``LegalPage.Key`` value) in ``language`` (default: the active one)."""
    language = (language or get_language() or "fr")[:2]
    if language not in DEFAULT_LANGUAGES:
        language = "fr"
    return render_to_string(f"core/legal/{language}/{key}.html", _retention_context()).strip()
