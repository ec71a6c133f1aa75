"""The Nextcloud federation id shown on a card, from the portal's one builder (never a second one)."""

try:
    from portal.users.federation import federation_id
except ImportError:  # until the builder's move to the core lands
    from lookup.federation import federation_id


def federation_id_of(user) -> str:
    return federation_id(user.username, user.nclocator)
