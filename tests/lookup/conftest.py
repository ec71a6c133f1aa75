"""Fixtures of the lookup tests: the records of the protocol's conformance checks (section 8) and a client helper.

The Django test client's socket peer is 127.0.0.1, inside the default allow-list (loopback).
"""

import pytest

from portal.users.factories import UserFactory

# username, first name, last name, e-mail, nclocator, active
RECORDS = {
    "A": ("jdupont", "Jean", "Dupont", "jean.dupont@ac-exemple.fr", "https://nc2.example.fr", True),
    "B": ("hbeaulieu", "Hélène", "Beaulieu", "helene.beaulieu@ac-exemple.fr", "nc1.example.fr", True),
    "C": ("cmartin", "Claire", "Martin", "", "https://nc3.example.fr/", True),
    "D": ("pdisabled", "", "", "", "nc1.example.fr", False),
    "E": ("nolocator", "", "", "", "", True),
    "F": ("fdup", "Fanny", "Doublon", "dup@ac-exemple.fr", "nc1.example.fr", True),
    "G": ("gdup", "Gilles", "Doublon", "dup@ac-exemple.fr", "nc2.example.fr", True),
}


@pytest.fixture
def directory(db):
    """Records A to G of section 8 of nextcloud-lookup-protocol.md."""
    fields = ("username", "first_name", "last_name", "email", "nclocator", "is_active")
    return {key: UserFactory(**dict(zip(fields, record, strict=True))) for key, record in RECORDS.items()}


@pytest.fixture(autouse=True)
def _fresh_trigram_shares():
    """Each test starts without the process's copy of the trigram shares (the cache is emptied too)."""
    from lookup import trigrams

    trigrams.forget()
    yield
    trigrams.forget()
