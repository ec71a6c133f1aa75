"""How Nextcloud names a person across the federation, reproduced byte for byte.

Nextcloud builds a user's cloud id as ``uid@host`` where ``host`` is its own base URL with the share-link parts
(``/index.php...``) and trailing ``/`` removed, then ``https://`` (and only ``https://``) stripped
(``CloudIdManager::getCloudId`` and ``removeProtocolFromUrl($remote, httpsOnly: true)``). The portal keeps each
person's instance in ``User.nclocator``, written by admins, imports or the pool in any of the forms
``nc1.example.fr``, ``https://nc1.example.fr/``, ``https://host/nextcloud``; these functions turn them into
that canonical form. See docs/nextcloud.md.
"""

import re

# Nextcloud's ``Manager::validateUserId``: these characters only, no surrounding spaces, at most 64 characters,
# and neither "." nor "..".
UID_PATTERN = r"^[A-Za-z0-9_.@'-]([A-Za-z0-9 _.@'-]*[A-Za-z0-9_.@'-])?$"
UID_MAX_LENGTH = 64
UID_RESERVED = (".", "..")
_uid_re = re.compile(UID_PATTERN)
# A host, optionally with a port: no spaces, no "@", no "/".
_authority_re = re.compile(r"^[^\s@/?#]+$")


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
