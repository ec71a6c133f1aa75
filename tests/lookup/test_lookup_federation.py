"""Federation ids byte-identical to Nextcloud's ``CloudIdManager::getCloudId`` for every ``nclocator`` form."""

import pytest
from lookup_helpers import fuzzy

from portal.users.factories import UserFactory
from portal.users.federation import federation_host, federation_id, is_valid_uid, split_federation_id


@pytest.mark.parametrize(
    ("nclocator", "host"),
    [
        ("nc1.example.fr", "nc1.example.fr"),
        ("https://nc1.example.fr", "nc1.example.fr"),
        ("https://nc1.example.fr/", "nc1.example.fr"),
        ("https://nc1.example.fr///", "nc1.example.fr"),
        ("  https://nc1.example.fr/  ", "nc1.example.fr"),
        ("HTTPS://NC1.Example.FR/", "nc1.example.fr"),
        ("https://nc1.example.fr:8443", "nc1.example.fr:8443"),
        ("https://example.fr/nextcloud", "example.fr/nextcloud"),
        ("https://example.fr/nextcloud/", "example.fr/nextcloud"),
        ("https://example.fr/NextCloud", "example.fr/NextCloud"),
        ("https://nc1.example.fr/index.php", "nc1.example.fr"),
        ("https://nc1.example.fr/index.php/apps/files/", "nc1.example.fr"),
        ("https://example.fr/nextcloud/index.php/s/abc", "example.fr/nextcloud"),
        ("https:\\\\nc1.example.fr\\", "nc1.example.fr"),
        # plain http is kept, as Nextcloud only strips https://
        ("http://nc1.example.fr", "http://nc1.example.fr"),
        ("http://nc1.example.fr:8080/", "http://nc1.example.fr:8080"),
        ("HTTP://NC1.example.fr", "http://nc1.example.fr"),
        # nothing usable
        ("", ""),
        ("   ", ""),
        ("https://", ""),
        ("http:///", ""),
        ("/", ""),
        ("user@nc1.example.fr", ""),
        ("nc1 example.fr", ""),
    ],
)
def test_federation_host(nclocator, host):
    assert federation_host(nclocator) == host


def test_federation_id():
    assert federation_id("jdupont", "https://nc2.example.fr/") == "jdupont@nc2.example.fr"
    assert federation_id("jean.dupont@ac-exemple.fr", "nc2.example.fr") == "jean.dupont@ac-exemple.fr@nc2.example.fr"
    assert federation_id("jdupont", "") == ""
    assert federation_id("", "nc2.example.fr") == ""


@pytest.mark.parametrize(
    ("cloud_id", "parts"),
    [
        ("jdupont@nc2.example.fr", ("jdupont", "nc2.example.fr")),
        ("jean.dupont@ac-exemple.fr@nc2.example.fr", ("jean.dupont@ac-exemple.fr", "nc2.example.fr")),
        ("jdupont@example.fr/nextcloud", ("jdupont", "example.fr/nextcloud")),
        ("jdupont@http://nc1.example.fr", ("jdupont", "http://nc1.example.fr")),
        ("jdupont@nc1.example.fr:8443", ("jdupont", "nc1.example.fr:8443")),
        ("jdupont", ("", "")),
        ("@nc1.example.fr", ("", "")),
    ],
)
def test_split_federation_id_as_nextcloud(cloud_id, parts):
    assert split_federation_id(cloud_id) == parts


@pytest.mark.parametrize(
    ("uid", "valid"),
    [
        ("jdupont", True),
        ("jean.dupont@ac-exemple.fr", True),
        ("o'neil-smith_2", True),
        ("jean dupont", True),
        (" jdupont", False),
        ("jdupont ", False),
        ("été", False),
        (".", False),
        ("..", False),
        ("a/b", False),
        ("", False),
        ("x" * 64, True),
        ("x" * 65, False),
    ],
)
def test_nextcloud_valid_uid(uid, valid):
    assert is_valid_uid(uid) is valid


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nclocator", "federation"),
    [
        ("nc1.example.fr", "jdupont@nc1.example.fr"),
        ("https://nc1.example.fr/", "jdupont@nc1.example.fr"),
        ("https://example.fr/nextcloud/", "jdupont@example.fr/nextcloud"),
        ("http://nc1.example.fr:8080", "jdupont@http://nc1.example.fr:8080"),
    ],
)
def test_endpoint_answers_the_canonical_id_for_every_form(client, nclocator, federation):
    UserFactory(username="jdupont", first_name="Jean", last_name="Dupont", nclocator=nclocator)
    (item,) = fuzzy(client, "search=jdupont")
    assert item["federationId"] == federation
    exact = client.get("/lookup/users", {"search": federation, "exactCloudId": "1"}).json()
    assert exact["federationId"] == federation
