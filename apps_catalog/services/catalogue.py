"""Services of the catalogue and its categories: creation, changes, deletion; and the services' launch counters."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core import audit

from ..abilities import (
    can_create_category,
    can_manage_services_of,
    get_category_abilities,
    get_service_abilities,
)
from ..models import (
    Category,
    LaunchBucket,
    Service,
)


def check_service_structure(actor, structure):
    """A structure admin creates services only in their subtrees; national ones are for global admins."""
    if not can_manage_services_of(actor, structure):
        if structure is None:
            raise PermissionDenied(_("Seul un administrateur national gère les services nationaux."))
        raise PermissionDenied(_("Vous ne pouvez gérer que les services de vos structures."))


def _set_relations(service, categories, business_regroupings):
    if categories is not None:
        service.categories.set(categories)
    if business_regroupings is not None:
        chain = {*service.structure.ancestor_ids, service.structure_id} if service.structure_id else set()
        foreign = [regrouping for regrouping in business_regroupings if regrouping.structure_id not in chain]
        if foreign:
            raise ValidationError(
                {"business_regroupings": [_("Ce regroupement métier n'appartient pas à la structure du service.")]}
            )
        service.business_regroupings.set(business_regroupings)


@transaction.atomic
def create_service(actor, *, categories=None, business_regroupings=None, **fields) -> Service:
    check_service_structure(actor, fields.get("structure"))
    service = Service(**fields)
    service.full_clean()
    service.save()
    _set_relations(service, categories, business_regroupings)
    audit.record(actor, "services.created", service, after={"title": service.title, "state": service.state})
    return service


@transaction.atomic
def update_service(actor, service, *, categories=None, business_regroupings=None, **fields) -> Service:
    if not get_service_abilities(actor, service)["update"]:
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce service."))
    if "structure" in fields and fields["structure"] != service.structure:
        raise ValidationError({"structure": [_("La structure d'un service ne change pas après sa création.")]})
    previous_state = service.state
    for name, value in fields.items():
        setattr(service, name, value)
    service.full_clean()
    service.save()
    _set_relations(service, categories, business_regroupings)
    if service.state != previous_state:
        audit.record(
            actor, "services.state.changed", service, before={"state": previous_state}, after={"state": service.state}
        )
    return service


@transaction.atomic
def delete_service(actor, service) -> None:
    """Delete a service; it leaves every personal space (post_delete receiver) and its counters go with it."""
    if not get_service_abilities(actor, service)["delete"]:
        raise PermissionDenied(_("Vous ne pouvez pas supprimer ce service."))
    audit.record(actor, "services.deleted", service, before={"title": service.title, "state": service.state})
    service.delete()


# --- categories (global admins) ---


def _save_category(category, name):
    """The one rule of a category's name: trimmed, given, at most 100 characters, unique whatever the case."""
    category.name = " ".join(str(name or "").split())
    try:
        category.full_clean()
    except ValidationError as error:
        # The model's unique constraint is on ``Lower("name")``: Django reports it for no field; it is the name's.
        errors = dict(error.message_dict)
        if NON_FIELD_ERRORS in errors:
            errors.setdefault("name", []).extend(errors.pop(NON_FIELD_ERRORS))
        raise ValidationError(errors) from error
    category.save()
    return category


@transaction.atomic
def create_category(actor, *, name) -> Category:
    if not can_create_category(actor):
        raise PermissionDenied(_("Seul un administrateur national gère les catégories."))
    return _save_category(Category(), name)


@transaction.atomic
def update_category(actor, category, *, name) -> Category:
    if not get_category_abilities(actor, category)["update"]:
        raise PermissionDenied(_("Seul un administrateur national gère les catégories."))
    return _save_category(category, name)


@transaction.atomic
def delete_category(actor, category) -> None:
    """Delete a category: the services keep existing, without it."""
    if not get_category_abilities(actor, category)["delete"]:
        raise PermissionDenied(_("Seul un administrateur national gère les catégories."))
    category.delete()


# --- launch counters ---


def launch_hour(moment=None):
    return (moment or timezone.now()).replace(minute=0, second=0, microsecond=0)


def record_launch(service_id, structure_id, moment=None) -> None:
    """Count one launch in the (service, structure, hour) bucket: one UPDATE, and an INSERT the first time."""
    hour = launch_hour(moment)
    bucket = LaunchBucket.objects.filter(service_id=service_id, structure_id=structure_id, hour=hour)
    if bucket.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            LaunchBucket.objects.create(service_id=service_id, structure_id=structure_id, hour=hour, count=1)
    except IntegrityError:
        # Another request created the bucket in between: it exists now.
        bucket.update(count=F("count") + 1)


def purge_launch_buckets(retention_days=None, now=None) -> int:
    """Delete the buckets older than the retention (LAUNCH_STATS_RETENTION_DAYS); returns how many."""
    retention_days = settings.LAUNCH_STATS_RETENTION_DAYS if retention_days is None else retention_days
    limit = (now or timezone.now()) - timedelta(days=retention_days)
    count, _detail = LaunchBucket.objects.filter(hour__lt=limit).delete()
    return count
