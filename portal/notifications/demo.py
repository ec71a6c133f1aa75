"""Demo information messages (one national, one for the Académie de Lyon) and notifications for the teachers.

Idempotent: a message is created once (found again by its French text), and a notification is sent only to the
people who do not have it yet.
"""

from datetime import timedelta

from django.utils import timezone

from portal.core.sanitize import sanitize_html
from portal.structures.models import Structure
from portal.users.models import User

from .models import InformationMessage, Notification
from .services import notify

MESSAGES = [
    (
        None,
        "<p><strong>Bienvenue sur le nouveau portail apps.education.fr.</strong> Vos services, vos groupes et vos "
        "informations sont désormais réunis ici.</p>",
        "<p><strong>Welcome to the new apps.education.fr portal.</strong> Your services, groups and news are now "
        "all in one place.</p>",
    ),
    (
        "Académie de Lyon",
        "<p>Académie de Lyon : la formation « Travailler en groupe avec le portail » ouvre ses inscriptions le "
        'mois prochain. <a href="https://www.ac-lyon.fr/">En savoir plus</a>.</p>',
        "<p>Académie de Lyon: registrations for the “Working in groups with the portal” training open next month. "
        '<a href="https://www.ac-lyon.fr/">Learn more</a>.</p>',
    ),
]

NOTIFICATIONS = [
    (Notification.Kind.MESSAGE, "Bienvenue sur le portail", "Découvrez vos services dans « Mon espace ».", "/"),
    (
        Notification.Kind.INFORMATION,
        "Nouvelle information publiée",
        "Un message national vient d'être publié.",
        "/informations/",
    ),
]


def _demo_teachers():
    """The demo teachers: active people of a school (not the admins)."""
    return User.objects.filter(
        is_active=True, is_superuser=False, structure__depth__gte=3, administered_structures=None
    )


def seed(command):
    author = User.objects.filter(username="admin").first()
    for structure_name, content_fr, content_en in MESSAGES:
        structure = Structure.objects.filter(name=structure_name).first() if structure_name else None
        if structure_name and structure is None:
            continue
        if not InformationMessage.objects.filter(structure=structure, content_fr=sanitize_html(content_fr)).exists():
            InformationMessage.objects.create(
                structure=structure,
                content_fr=content_fr,
                content_en=content_en,
                expires_at=timezone.now() + timedelta(days=365),
                author=author,
            )
    teachers = _demo_teachers()
    for kind, title, text, link in NOTIFICATIONS:
        missing = teachers.exclude(notifications__title=title).values("pk")
        notify(missing, kind, title, text=text, link=link)
