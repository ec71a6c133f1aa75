"""Celery tasks of the users app: thin wrappers taking ids."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.translation import gettext as _

from portal.structures.models import Structure

from .models import User


@shared_task
def send_structure_decision_emails(user_ids, structure_id, accepted):
    """Tell each person whether their structure request was accepted, in their language."""
    structure = Structure.objects.filter(pk=structure_id).first()
    if structure is None:
        return 0
    messages = []
    for user in User.objects.filter(pk__in=user_ids).exclude(email="").only("email", "language"):
        with translation.override(user.language):
            subject = _("Votre demande de rattachement à %(structure)s") % {"structure": structure.name}
            body = (
                _("Votre demande de rattachement à %(structure)s a été acceptée.")
                if accepted
                else _("Votre demande de rattachement à %(structure)s a été refusée.")
            ) % {"structure": structure.name}
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    return send_mass_mail(messages, fail_silently=False)
