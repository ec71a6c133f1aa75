"""How Nextcloud names a person across the federation, reproduced byte for byte.

Nextcloud builds a user's cloud id as ``uid@host`` where ``host`` is its own base URL with the share-link parts
(``/index.php...``) and trailing ``/`` removed, then ``https://`` (and only ``https://``) stripped
(``CloudIdManager::getCloudId`` and ``removeProtocolFromUrl($remote, httpsOnly: true)``). The portal keeps each
person's instance in ``User.nclocator``, written by admins, imports or the pool in any of the forms
``nc1.example.fr``, ``https://nc1.example.fr/``, ``https://host/nextcloud``; these functions turn them into
that canonical form. See docs/nextcloud.md.

Everywhere an nclocator is entered (import, admin, instance pool), ``normalize_nclocator`` accepts every form and
returns the one that is stored: the federation host (``nc1.example.fr``, ``example.fr/nextcloud``,
``nc1.example.fr:8443``, ``http://nc1.example.fr`` for a plain-http server). ``nclocator_url`` (the server's address)
and ``federation_id`` (the person's cloud id) both derive from it; the profile, the address book and the lookup
server all call ``federation_id``, never build it by hand.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Nextcloud's ``Manager::validateUserId``: these characters only, no surrounding spaces, at most 64 characters,
# and neither "." nor "..".
UID_PATTERN = r"^[A-Za-z0-9_.@'-]([A-Za-z0-9 _.@'-]*[A-Za-z0-9_.@'-])?$"
UID_MAX_LENGTH = 64
UID_RESERVED = (".", "..")
_uid_re = re.compile(UID_PATTERN)
# A host, optionally with a port: no spaces, no "@", no "/".
_authority_re = re.compile(r"^[^\s@/?#]+$")
# What an entered nclocator must look like once canonical: a DNS host name, an optional port, an optional sub-path.
_canonical_re = re.compile(
    r"^(http://)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$"
)


def is_valid_uid(uid: str) -> bool:
    return bool(uid) and len(uid) <= UID_MAX_LENGTH and uid not in UID_RESERVED and bool(_uid_re.match(uid))


def federation_host(nclocator: str) -> str:
    """The part after ``@`` in the federation ids of the people on this instance ("" when there is none)."""
    remote = (nclocator or "").strip().replace("\\", "/")
    scheme = ""
    lowered = remote.lower()
    if lowered.startswith("https://"):
        remote = remote[len("https://") :]
    elif lowered.startswith("http://"):
        # A plain-http instance keeps its scheme in the cloud id, as Nextcloud does.
        scheme, remote = "http://", remote[len("http://") :]
    position = remote.find("/index.php")
    if position > 0:  # as PHP's ``if ($pos = strpos(...))``: a match at position 0 is ignored
        remote = remote[:position]
    remote = remote.rstrip("/")
    authority, slash, path = remote.partition("/")
    if not _authority_re.match(authority):
        return ""
    # Host names are case-insensitive and Nextcloud's configured URL is lower-case in practice; a sub-path keeps
    # its case.
    return f"{scheme}{authority.lower()}{slash}{path}"


def federation_id(uid: str, nclocator: str) -> str:
    host = federation_host(nclocator)
    return f"{uid}@{host}" if uid and host else ""


def normalize_nclocator(value: str) -> str | None:
    """The stored form of an entered nclocator ("" when empty), or None when it names no server.

    ``nuage03.example.fr/nextcloud``, ``https://nuage03.example.fr/nextcloud/`` and
    ``HTTPS://Nuage03.example.fr/nextcloud`` all give ``nuage03.example.fr/nextcloud``.
    """
    value = (value or "").strip()
    if not value:
        return ""
    host = federation_host(value)
    if not host or "//" in host.removeprefix("http://") or not _canonical_re.match(host):
        return None
    return host


def validate_nclocator(value: str):
    """Form and model validator: the value must name a Nextcloud server (any form ``normalize_nclocator`` takes)."""
    if normalize_nclocator(value) is None:
        raise ValidationError(
            _("Saisissez le serveur Nextcloud, par exemple %(example)s ou https://%(example)s/nextcloud.")
            % {"example": "nuage03.apps.education.fr"},
            code="invalid_nclocator",
        )


def nclocator_url(nclocator: str) -> str:
    """The server's base address (``https://example.fr/nextcloud``) from a stored nclocator ("" when none)."""
    host = federation_host(nclocator)
    if not host:
        return ""
    return host if host.startswith("http://") else f"https://{host}"


def split_federation_id(cloud_id: str) -> tuple[str, str]:
    """``("uid", "host")`` of a cloud id, split at the last ``@`` before the first ``/`` or ``:`` (as Nextcloud)."""
    cloud_id = cloud_id.strip()
    cut = len(cloud_id)
    for char in "/:":
        position = cloud_id.find(char)
        if position != -1:
            cut = min(cut, position)
    at = cloud_id.rfind("@", 0, cut)
    if at <= 0:
        return "", ""
    return cloud_id[:at], cloud_id[at + 1 :]
