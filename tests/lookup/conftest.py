"""Fixtures of the lookup tests: the records of the protocol's conformance checks (section 8) and a client helper.

The Django test client's socket peer is 127.0.0.1, inside the default allow-list (loopback).
"""

import pytest

from portal.users.factories import UserFactory


@pytest.fixture
def directory(db):
    """Records A to G of section 8 of nextcloud-lookup-protocol.md."""
    people = {
        "A": UserFactory(
            username="jdupont",
            first_name="Jean",
            last_name="Dupont",
            email="jean.dupont@ac-exemple.fr",
            nclocator="https://nc2.example.fr",
        ),
        "B": UserFactory(
            username="hbeaulieu",
            first_name="Hélène",
            last_name="Beaulieu",
            email="helene.beaulieu@ac-exemple.fr",
            nclocator="nc1.example.fr",
        ),
        "C": UserFactory(
            username="cmartin", first_name="Claire", last_name="Martin", email="", nclocator="https://nc3.example.fr/"
        ),
        "D": UserFactory(
            username="pdisabled", first_name="", last_name="", email="", nclocator="nc1.example.fr", is_active=False
        ),
        "E": UserFactory(username="nolocator", first_name="", last_name="", email="", nclocator=""),
        "F": UserFactory(
            username="fdup",
            first_name="Fanny",
            last_name="Doublon",
            email="dup@ac-exemple.fr",
            nclocator="nc1.example.fr",
        ),
        "G": UserFactory(
            username="gdup",
            first_name="Gilles",
            last_name="Doublon",
            email="dup@ac-exemple.fr",
            nclocator="nc2.example.fr",
        ),
    }
    return people
