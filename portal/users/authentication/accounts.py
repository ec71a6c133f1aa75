"""From OpenID Connect claims to a portal account: the rules of LaBoîte's first and every sign-in.

- ``sub`` is the identity. An account is found by ``sub``; else by username (``preferred_username``, for accounts
  pre-provisioned by ``import_users`` or the API, which get linked to the ``sub``); never by e-mail unless
  ``OIDC_ALLOW_EMAIL_MATCH`` is on (and then only an account not yet linked to another ``sub``).
- Username, e-mail and names follow Keycloak at every sign-in; ``ADMIN_EMAILS`` become global admins.
- A new account is active at once when its e-mail domain is allowed (``email_allows_activation``; the domain
  table also attaches the structure), or when it is in ``ADMIN_EMAILS``; otherwise it waits for a global admin.
  Signing in never re-activates an account: an admin's deactivation stands.
- A missing or invalid required claim, or a username held by another Keycloak account, creates nothing: the
  caller shows ``SignInRefused`` to the person, and the global admins are told (``report_refusal``).
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import get_connection, send_mass_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from portal.users import signals
from portal.users.models import USERNAME_MAX_LENGTH, User, validate_username
from portal.users.services import email_allows_activation, find_structure_for_email, set_structure

logger = logging.getLogger(__name__)

REQUIRED_CLAIMS = ("sub", "preferred_username", "email", "given_name", "family_name")
CLAIM_LABELS = {
    "sub": gettext_lazy("identifiant unique (sub)"),
    "preferred_username": gettext_lazy("identifiant (preferred_username)"),
    "email": gettext_lazy("adresse e-mail (email)"),
    "given_name": gettext_lazy("prénom (given_name)"),
    "family_name": gettext_lazy("nom (family_name)"),
}
NAME_MAX_LENGTH = User._meta.get_field("first_name").max_length
# One report to the admins per person and problem in this window, whatever the number of attempts.
REPORT_THROTTLE_SECONDS = 3600


@dataclass(eq=False)
class SignInRefused(Exception):
    """Nothing was created or changed; ``reason`` is ``claims`` (missing/invalid) or ``username_taken``."""

    reason: str
    missing: list = field(default_factory=list)
    invalid: list = field(default_factory=list)
    username: str = ""

    def __str__(self):
        return f"{self.reason}: missing={self.missing} invalid={self.invalid}"

    @property
    def missing_labels(self):
        return [CLAIM_LABELS.get(name, name) for name in self.missing]

    @property
    def invalid_labels(self):
        return [CLAIM_LABELS.get(name, name) for name in self.invalid]


def _text(claims, name):
    value = claims.get(name)
    return value.strip() if isinstance(value, str) else ""


def check_claims(claims) -> dict:
    """The required claims, cleaned; raises ``SignInRefused`` naming each missing or invalid one."""
    values = {name: _text(claims, name) for name in REQUIRED_CLAIMS}
    missing = [name for name, value in values.items() if not value]
    invalid = []
    username = values["preferred_username"]
    if username:
        try:
            validate_username(username)
            if len(username) > USERNAME_MAX_LENGTH:
                raise ValidationError("too long")
        except ValidationError:
            invalid.append("preferred_username")
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            invalid.append("email")
    if len(values["sub"]) > User._meta.get_field("sub").max_length:
        invalid.append("sub")
    if missing or invalid:
        raise SignInRefused("claims", missing=missing, invalid=invalid, username=username)
    values["given_name"] = values["given_name"][:NAME_MAX_LENGTH]
    values["family_name"] = values["family_name"][:NAME_MAX_LENGTH]
    return values


def _find_by_username(username):
    """The account holding this username: exact match first, else a unique case-insensitive one."""
    candidates = list(User.objects.filter(username__iexact=username)[:5])
    exact = [user for user in candidates if user.username == username]
    if exact:
        return exact[0]
    return candidates[0] if len(candidates) == 1 else None


def find_account(values):
    """The existing account for these claims, or None. Raises ``SignInRefused`` on a username conflict."""
    user = User.objects.filter(sub=values["sub"]).first()
    if user is not None:
        return user
    user = _find_by_username(values["preferred_username"])
    if user is not None:
        if user.sub:  # another Keycloak account already owns this portal account
            raise SignInRefused("username_taken", username=values["preferred_username"])
        return user
    if settings.OIDC_ALLOW_EMAIL_MATCH:
        matches = list(User.objects.filter(email__iexact=values["email"], sub__isnull=True)[:2])
        if len(matches) == 1:
            return matches[0]
    return None


def _username_taken_by_other(user, username):
    return User.objects.filter(username__iexact=username).exclude(pk=user.pk).exists()


def update_account(user, values):
    """Follow Keycloak: sub (when linking), username, e-mail, names; ADMIN_EMAILS become global admins."""
    changes = {
        "sub": values["sub"],
        "username": values["preferred_username"],
        "email": values["email"],
        "first_name": values["given_name"],
        "last_name": values["family_name"],
    }
    if values["email"].lower() in settings.ADMIN_EMAILS:
        changes["is_superuser"] = True
    changed = [name for name, value in changes.items() if getattr(user, name) != value]
    if "username" in changed and _username_taken_by_other(user, values["preferred_username"]):
        raise SignInRefused("username_taken", username=values["preferred_username"])
    if changed:
        for name in changed:
            setattr(user, name, changes[name])
        user.save(update_fields=changed)
    return user


def create_account(values, language=None):
    """A new account, active when its e-mail allows it; attached to the e-mail domain's structure; announced."""
    email = values["email"]
    is_admin = email.lower() in settings.ADMIN_EMAILS
    user = User(
        sub=values["sub"],
        username=values["preferred_username"],
        email=email,
        first_name=values["given_name"],
        last_name=values["family_name"],
        is_active=is_admin or email_allows_activation(email),
        is_superuser=is_admin,
        language=language if language in User.Language.values else User.Language.FR,
    )
    user.set_unusable_password()
    user.save()
    structure = find_structure_for_email(email)
    if structure is not None:
        set_structure([user.pk], structure)
        user.structure = structure
    signals.users_created.send(sender=User, user_ids=[user.pk])
    return user


def sign_in_account(claims, language=None):
    """The account these claims sign in to, found and updated, or created. Raises ``SignInRefused``."""
    values = check_claims(claims)
    for attempt in range(2):
        try:
            with transaction.atomic():
                user = find_account(values)
                if user is None:
                    return create_account(values, language=language)
                return update_account(user, values)
        except IntegrityError:
            # Two first sign-ins of the same person at once: the other one created the account; find it.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _admin_recipients():
    admins = User.objects.filter(is_superuser=True, is_active=True)
    ids = list(admins.values_list("pk", flat=True))
    emails = {email.lower() for email in admins.exclude(email="").values_list("email", flat=True)}
    return ids, sorted(emails | set(settings.ADMIN_EMAILS))


def report_refusal(refusal, claims):
    """Tell the global admins (e-mail, and in-app when notifications exist) why someone could not sign in.

    At most one report per person and problem per hour. Only identifying claims are sent, never a token.
    """
    identity = _text(claims, "sub") or _text(claims, "preferred_username") or _text(claims, "email")
    digest = hashlib.sha256(f"{identity}|{refusal}".encode()).hexdigest()
    if not cache.add(f"oidc-refusal:{digest}", 1, REPORT_THROTTLE_SECONDS):
        return False
    admin_ids, emails = _admin_recipients()
    received = {name: claims.get(name) for name in (*REQUIRED_CLAIMS, "name") if name in claims}
    if refusal.reason == "username_taken":
        title = gettext_noop("Connexion refusée : identifiant déjà lié à un autre compte Keycloak")
    else:
        title = gettext_noop("Connexion refusée : données Keycloak manquantes ou invalides")
    lines = [gettext_noop("Une personne n'a pas pu se connecter au portail ; aucun compte n'a été créé ni modifié.")]
    if refusal.missing:
        lines.append(gettext_noop("Données manquantes : %(missing)s"))
    if refusal.invalid:
        lines.append(gettext_noop("Données invalides : %(invalid)s"))
    if refusal.username:
        lines.append(gettext_noop("Identifiant : %(username)s"))
    lines.append(gettext_noop("Données reçues : %(claims)s"))
    params = {
        "missing": ", ".join(refusal.missing),
        "invalid": ", ".join(refusal.invalid),
        "username": refusal.username or "",
        "claims": str(received),
    }
    if apps.is_installed("portal.notifications") and admin_ids:
        from portal.notifications.services import notify_translated

        notify_translated(admin_ids, "information", title, text=lines, params=params)
    with translation.override(settings.LANGUAGE_CODE):
        title = _(title) % params
        text = "\n".join(_(line) % params for line in lines)
    if emails:
        subject = f"[{settings.PORTAL_NAME}] {title}"
        connection = get_connection(fail_silently=True, timeout=10)
        send_mass_mail(
            [(subject, text, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails], connection=connection
        )
    logger.warning("OIDC sign-in refused (%s); %d admin(s) told", refusal, len(emails))
    return True
