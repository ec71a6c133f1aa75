"""Every write on user accounts: structure attachment and its validation workflow, activation, admin roles.

Views, the API, the admin, the OIDC backend and the commands call these; none re-implements a rule.
"""

import logging
import re
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from portal.core import audit
from portal.core.abilities import is_global_admin
from portal.core.jobs import enqueue
from portal.core.models import SiteSettings
from portal.structures.abilities import is_admin_of_structure, prime_administered_paths
from portal.structures.models import EmailDomain, Structure

from . import signals
from .abilities import can_move_user_to, editable_account_fields, get_user_abilities
from .models import User

logger = logging.getLogger(__name__)


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if email and "@" in email else ""


def find_structure_for_email(email: str):
    """The structure attached to the e-mail's domain in the domain table, or None."""
    domain = email_domain(email)
    if not domain:
        return None
    link = EmailDomain.objects.filter(domain=domain).select_related("structure").first()
    return link.structure if link else None


def email_allows_activation(email: str) -> bool:
    """True when the e-mail's domain matches ACTIVATION_DOMAIN_PATTERNS or is in the domain table."""
    domain = email_domain(email)
    if not domain:
        return False
    if any(re.search(pattern, domain) for pattern in settings.ACTIVATION_DOMAIN_PATTERNS):
        return True
    return EmailDomain.objects.filter(domain=domain).exists()


def structure_change_needs_validation(user, structure) -> bool:
    if is_global_admin(user):
        return False
    return (
        structure.membership_needs_validation
        or settings.STRUCTURE_VALIDATION_REQUIRED
        or SiteSettings.load().structure_validation_required
    )


def drop_admin_roles_outside(new_path_by_user: dict[int, str]):
    """Drop the structure-admin roles that no longer cover each person's new structure (two queries in all, and
    one more when roles were dropped, to find the structures left without any active admin: the global admins are
    told through ``signals.structures_left_without_admin``).

    ``new_path_by_user`` maps a user id to the path of their new structure ("" when they have none).
    """
    if not new_path_by_user:
        return
    links = Structure.admins.through.objects.filter(user_id__in=list(new_path_by_user)).values_list(
        "pk", "user_id", "structure__path", "structure_id"
    )
    stale = {}
    for pk, user_id, admin_path, structure_id in links:
        if not new_path_by_user[user_id].startswith(admin_path):
            stale[pk] = structure_id
    if not stale:
        return
    Structure.admins.through.objects.filter(pk__in=list(stale)).delete()
    still_run = Structure.admins.through.objects.filter(structure_id__in=set(stale.values()), user__is_active=True)
    orphans = set(stale.values()) - set(still_run.values_list("structure_id", flat=True))
    if orphans:
        signals.structures_left_without_admin.send(sender=User, structure_ids=sorted(orphans))


def admin_roles_lost_by_moving(user, structure) -> list[str]:
    """Names of the structures ``user`` administers and would stop administering once attached to ``structure``
    (a role only covers its own subtree, see ``drop_admin_roles_outside``)."""
    new_path = structure.path if structure is not None else ""
    return [
        name
        for name, path in user.administered_structures.order_by("path").values_list("name", "path")
        if not new_path.startswith(path)
    ]


@transaction.atomic
def set_structure(user_ids, structure):
    """Attach the users to ``structure`` (or detach them with None), in bulk, without any permission check.

    Pending requests are cleared, and structure-admin roles that no longer cover the new structure are dropped
    (as in LaBoîte). Callers check permissions first; feature apps follow through ``users_structure_changed``.
    """
    user_ids = list(user_ids)
    if not user_ids:
        return 0
    count = User.objects.filter(pk__in=user_ids).update(structure=structure, awaiting_structure=None)
    new_path = structure.path if structure is not None else ""
    drop_admin_roles_outside(dict.fromkeys(user_ids, new_path))
    signals.users_structure_changed.send(sender=User, user_ids=user_ids)
    return count


@transaction.atomic
def request_structure(user, structure):
    """The person chooses a structure: attached at once, or a request waiting for the structure's admins.

    Returns True when attached, False when the request waits for validation.
    """
    if structure_change_needs_validation(user, structure):
        User.objects.filter(pk=user.pk).update(awaiting_structure=structure)
        user.awaiting_structure = structure
        signals.structure_requested.send(sender=User, user_id=user.pk, structure_id=structure.pk)
        return False
    set_structure([user.pk], structure)
    user.structure, user.awaiting_structure = structure, None
    return True


@transaction.atomic
def cancel_structure_request(user):
    User.objects.filter(pk=user.pk).update(awaiting_structure=None)
    user.awaiting_structure = None


def _requests_decidable_by(actor, users):
    decidable = [user for user in users if get_user_abilities(actor, user)["validate_structure_request"]]
    if len(decidable) != len(users):
        raise PermissionDenied(_("Vous ne pouvez valider que les demandes adressées à vos structures."))
    return decidable


@transaction.atomic
def decide_structure_requests(actor, users, accept: bool):
    """Accept or refuse pending structure requests; each person learns the outcome (signal + e-mail)."""
    users = [user for user in users if user.awaiting_structure_id]
    by_structure = {}
    for user in _requests_decidable_by(actor, users):
        by_structure.setdefault(user.awaiting_structure, []).append(user)
    for structure, members in by_structure.items():
        ids = [user.pk for user in members]
        audit.record(
            actor,
            "users.structure_request.accepted" if accept else "users.structure_request.refused",
            members,
            before=lambda user, structure=structure: {
                "structure": user.structure_id,
                "awaiting_structure": structure.pk,
            },
            after=lambda user, structure=structure: {"structure": structure.pk if accept else user.structure_id},
            structure_of=lambda user, structure=structure: structure.pk,
            previous_structure_of=lambda user: user.structure_id,
        )
        if accept:
            set_structure(ids, structure)
        else:
            User.objects.filter(pk__in=ids).update(awaiting_structure=None)
        signals.structure_request_decided.send(sender=User, user_ids=ids, structure_id=structure.pk, accepted=accept)
        _enqueue_decision_emails(ids, structure.pk, accept)
    return sum(len(members) for members in by_structure.values())


def _enqueue_decision_emails(user_ids, structure_id, accepted):
    from .tasks import send_structure_decision_emails

    enqueue(send_structure_decision_emails, user_ids, structure_id, accepted)


@transaction.atomic
def move_users(actor, users, structure):
    """An admin moves people to ``structure``; a structure admin only inside their subtrees."""
    users = list(users)
    prime_administered_paths(users)
    for user in users:
        if not can_move_user_to(actor, user, structure):
            raise PermissionDenied(
                _("Vous ne pouvez déplacer que des personnes de vos structures, vers vos structures.")
            )
    audit.record(
        actor,
        "users.move",
        [user for user in users if user.structure_id != (structure.pk if structure else None)],
        before=lambda user: {"structure": user.structure_id},
        after={"structure": structure.pk if structure else None},
        structure_of=lambda user: structure.pk if structure else None,
        previous_structure_of=lambda user: user.structure_id,
    )
    return set_structure([user.pk for user in users], structure)


@transaction.atomic
def set_active(actor, users, active: bool):
    ability = "activate" if active else "deactivate"
    users = list(users)
    prime_administered_paths(users)
    for user in users:
        if not get_user_abilities(actor, user)[ability]:
            raise PermissionDenied(_("Vous n'avez pas le droit de modifier le compte de %(user)s.") % {"user": user})
    audit.record(
        actor,
        "users.activate" if active else "users.deactivate",
        [user for user in users if user.is_active != active],
        before={"is_active": not active},
        after={"is_active": active},
    )
    return User.objects.filter(pk__in=[user.pk for user in users]).update(is_active=active)


def _is_last_global_admin(user) -> bool:
    return (
        user.is_superuser
        and user.is_active
        and not User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists()
    )


@transaction.atomic
def set_global_admin(actor, user, value: bool):
    if not is_global_admin(actor):
        raise PermissionDenied(_("Seul un administrateur national peut nommer ou retirer un administrateur national."))
    if not value and _is_last_global_admin(user):
        raise ValidationError(_("Le dernier administrateur national ne peut pas être retiré."))
    stored = User.objects.filter(pk=user.pk).values_list("is_superuser", flat=True).get()
    if stored != value:
        audit.record(
            actor,
            "users.global_admin.granted" if value else "users.global_admin.revoked",
            user,
            before={"is_superuser": stored},
            after={"is_superuser": value},
        )
    User.objects.filter(pk=user.pk).update(is_superuser=value)
    user.is_superuser = value


@transaction.atomic
def set_structure_admin(actor, user, structure, value: bool):
    """Grant or revoke structure-admin rights on ``structure`` (the person must belong to its subtree)."""
    if not is_admin_of_structure(actor, structure):
        raise PermissionDenied(_("Vous n'administrez pas cette structure."))
    if value and (user.structure_id is None or not user.structure.is_in_subtree_of(structure)):
        raise ValidationError(_("Seule une personne rattachée à cette structure peut l'administrer."))
    if structure.admins.filter(pk=user.pk).exists() != value:
        audit.record(
            actor,
            "structures.admin.granted" if value else "structures.admin.revoked",
            user,
            before={"admin_of": None if value else structure.pk},
            after={"admin_of": structure.pk if value else None},
            structure_of=lambda user: structure.pk,
        )
    if value:
        structure.admins.add(user)
    else:
        structure.admins.remove(user)
    user.__dict__.pop("_administered_paths", None)


def account_change_errors(actor, user, changes: dict) -> dict[str, str]:
    """Why ``actor`` may not make each change (field -> new value) on ``user`` as stored; empty when all are allowed.

    Forms call it to show the refusal next to the field; ``change_account`` calls it again before writing.
    """
    prime_administered_paths([user])
    editable = editable_account_fields(actor, user)
    errors = {}
    for field, value in changes.items():
        if field not in editable:
            errors[field] = _("Vous ne pouvez pas modifier ce champ.")
        elif field == "structure" and not can_move_user_to(actor, user, value):
            errors[field] = _("Vous ne pouvez déplacer que des personnes de vos structures, vers vos structures.")
        elif field == "is_superuser" and not value and _is_last_global_admin(user):
            errors[field] = _("Le dernier administrateur national ne peut pas être retiré.")
    return errors


@transaction.atomic
def change_account(actor, user, changes: dict):
    """Apply back-office edits to one account (``user`` as stored, ``changes`` field -> new value).

    Each change goes through its own rule: global admin role, activation, structure, then the plain fields.
    Raises ``ValidationError`` (field -> reason) and changes nothing when any change is refused.
    """
    errors = account_change_errors(actor, user, changes)
    if errors:
        raise ValidationError(errors)
    changes = dict(changes)
    if "is_superuser" in changes:
        set_global_admin(actor, user, changes.pop("is_superuser"))
    if "is_active" in changes:
        active = changes.pop("is_active")
        set_active(actor, [user], active)
        user.is_active = active
    if "structure" in changes:
        user.structure = changes.pop("structure")
        move_users(actor, [user], user.structure)
    if changes:
        before = {field: getattr(user, field) for field in changes}
        for field, value in changes.items():
            User._meta.get_field(field).save_form_data(user, value)
        user.full_clean(exclude=[field.name for field in User._meta.fields if field.name not in changes])
        user.save(update_fields=list(changes))
        after = {field: getattr(user, field) for field in changes}
        if before != after:
            audit.record(actor, "users.change", user, before=before, after=after)
    return user


@transaction.atomic
def delete_users(actor, users):
    """Global admins delete accounts (never their own); refused with the blocking relations named."""
    from portal.structures.services import describe_protected_objects

    users = list(users)
    for user in users:
        if not get_user_abilities(actor, user)["delete"]:
            raise PermissionDenied(_("Vous n'avez pas le droit de supprimer le compte de %(user)s.") % {"user": user})
    audit.record(
        actor,
        "users.delete",
        users,
        before=lambda user: {"username": user.username, "email": user.email, "structure": user.structure_id},
    )
    try:
        with transaction.atomic():
            User.objects.filter(pk__in=[user.pk for user in users]).delete()
    except (ProtectedError, RestrictedError) as error:
        raise ValidationError(
            _("Suppression impossible : des éléments sont encore liés à ces comptes (%(blockers)s).")
            % {"blockers": describe_protected_objects(error)}
        ) from error
    return len(users)


def _delete_file_later(field, name):
    """Remove a replaced file once the change is committed (a failed delete only leaves an orphan)."""
    if not name:
        return

    def delete():
        try:
            field.storage.delete(name)
        except OSError:
            logger.warning("could not delete the replaced file %s", name)

    transaction.on_commit(delete)


@transaction.atomic
def set_avatar(actor, user, upload):
    """Give ``user`` the picture ``upload`` as avatar (checked, made a 256-pixel square WebP), or none when
    ``upload`` is None. The person themself (even awaiting activation) or a global admin; the replaced file is
    deleted after the commit. A wrong picture: ValidationError on ``avatar``, nothing changed."""
    from .avatars import avatar_image

    if not (actor.is_authenticated and actor.pk == user.pk) and not get_user_abilities(actor, user)["update_identity"]:
        raise PermissionDenied(_("Vous ne pouvez pas changer l'avatar de cette personne."))
    field = User._meta.get_field("avatar")
    old_name = User.objects.filter(pk=user.pk).values_list("avatar", flat=True).first() or ""
    if upload is None:
        user.avatar = None
    else:
        try:
            image = avatar_image(upload)
        except ValidationError as error:
            raise ValidationError({"avatar": error.messages}) from error
        user.avatar.save(f"{user.pk}-{secrets.token_hex(8)}.webp", image, save=False)
    User.objects.filter(pk=user.pk).update(avatar=user.avatar.name or "")
    _delete_file_later(field, old_name)
    return user
