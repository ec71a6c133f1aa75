"""Reads of the sign-in pages."""

from django.db.models import Exists, OuterRef

from portal.structures.models import Structure
from portal.users.models import User

DEV_SIGNIN_LIMIT = 200


def dev_signin_people(limit=DEV_SIGNIN_LIMIT):
    """The people the dev sign-in page offers: global admins, then structure admins, then the others (one query)."""
    administers = Structure.admins.through.objects.filter(user_id=OuterRef("pk"))
    return list(
        User.objects.select_related("structure")
        .annotate(is_structure_admin=Exists(administers))
        .order_by("-is_superuser", "-is_structure_admin", "-is_active", "last_name", "first_name", "username")[:limit]
    )
