"""Private ICS subscription URLs: one secret token per person (their whole agenda) and per person and group (the
group's events, while they are a member). Regenerating a token makes the old URL answer 404."""

import secrets

from django.db import transaction

from ..models import FeedToken


def _new_token():
    return secrets.token_urlsafe(32)


def feed_token(user, group=None) -> FeedToken:
    """The person's token for their agenda (``group`` None) or for ``group``, created on first use."""
    token = FeedToken.objects.filter(user=user, group=group).first()
    if token is None:
        with transaction.atomic():
            token, _created = FeedToken.objects.get_or_create(user=user, group=group, defaults={"token": _new_token()})
    return token


@transaction.atomic
def regenerate_feed_token(user, group=None) -> FeedToken:
    token = FeedToken.objects.select_for_update().filter(user=user, group=group).first()
    if token is None:
        return FeedToken.objects.create(user=user, group=group, token=_new_token())
    token.token = _new_token()
    token.save(update_fields=["token"])
    return token
