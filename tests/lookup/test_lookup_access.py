"""Who may call the lookup server: network allow-list, trusted proxies, rate limit (lookup.access)."""

import json

import pytest
from freezegun import freeze_time
from lookup_helpers import A_ELEMENT, decoded

from lookup.access import client_address, parse_rate

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("get", "/lookup/users?search=dupont"),
    ("get", "/lookup/index.php/users?search=dupont"),
    ("post", "/lookup/users"),
    ("delete", "/lookup/users"),
    ("post", "/lookup/instances"),
    ("get", "/lookup/status"),
    ("get", "/lookup/"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_loopback_is_allowed_by_default(client, directory, method, url):
    response = getattr(client, method)(url)
    assert response.status_code != 403


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_other_networks_are_refused(client, directory, method, url):
    response = getattr(client, method)(url, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 403
    assert decoded(response) == {"message": "Client network not allowed."}


def test_configured_networks(client, directory, settings):
    settings.LOOKUP_ALLOWED_NETWORKS = ["10.20.0.0/16", "2001:db8::/32"]
    assert client.get("/lookup/users?search=dupont", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/lookup/users?search=dupont", REMOTE_ADDR="2001:db8::5").status_code == 200
    assert client.get("/lookup/users?search=dupont", REMOTE_ADDR="::ffff:10.20.3.4").status_code == 200
    assert client.get("/lookup/users?search=dupont", REMOTE_ADDR="10.21.0.1").status_code == 403
    assert client.get("/lookup/users?search=dupont", REMOTE_ADDR="127.0.0.1").status_code == 403
    assert client.get("/lookup/users?search=dupont", REMOTE_ADDR="not-an-address").status_code == 403


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(client, directory):
    spoofed = client.get("/lookup/users?search=dupont", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert spoofed.status_code == 403


@pytest.fixture
def behind_proxy(settings):
    settings.LOOKUP_TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.LOOKUP_ALLOWED_NETWORKS = ["192.0.2.0/24"]


@pytest.mark.parametrize(
    ("forwarded_for", "status"),
    [
        ("192.0.2.10", 200),
        ("192.0.2.10, 10.1.1.1", 200),  # two proxies: the right-most untrusted address is the client
        ("198.51.100.1, 192.0.2.10", 200),  # whatever the client claimed before reaching our proxies
        ("192.0.2.10, 203.0.113.7", 403),  # a forged allowed address in front of the real one
        ("", 403),  # no header: the client is the proxy itself
        ("garbage", 403),
    ],
)
def test_forwarded_for_is_read_from_trusted_proxies(client, directory, behind_proxy, forwarded_for, status):
    response = client.get("/lookup/users?search=dupont", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert response.status_code == status
    if status == 200:
        assert decoded(response) == [A_ELEMENT]


def test_client_address(rf, settings):
    settings.LOOKUP_TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]
    cases = [
        ({"REMOTE_ADDR": "192.0.2.1"}, "192.0.2.1"),
        ({"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "192.0.2.1"),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1:4567"}, "198.51.100.1"),
        ({"REMOTE_ADDR": "fd00::1", "HTTP_X_FORWARDED_FOR": "[2001:db8::7]:443, fd00::2"}, "2001:db8::7"),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "10.0.0.2, 10.0.0.3"}, "10.0.0.2"),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "x, 198.51.100.1"}, "198.51.100.1"),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1, x"}, None),
    ]
    for meta, expected in cases:
        request = rf.get("/lookup/users", **meta)
        address = client_address(request)
        assert (str(address) if address else None) == expected, meta


@pytest.mark.parametrize(
    ("rate", "parsed"), [("3000/minute", (3000, 60)), ("5/s", (5, 1)), ("100/hour", (100, 3600)), ("1/day", (1, 86400))]
)
def test_rate_format(rate, parsed):
    assert parse_rate(rate) == parsed


def test_rate_limit_answers_429_and_cannot_be_dodged(client, directory, settings):
    settings.LOOKUP_RATE_LIMIT = "3/minute"
    with freeze_time("2026-01-05 10:00:10"):
        for index in range(3):
            assert client.get(f"/lookup/users?search=dupont&n={index}").status_code == 200
        refused = client.get("/lookup/users?search=dupont")
        assert refused.status_code == 429
        assert refused["Retry-After"] == "50"
        assert decoded(refused) == {"message": "Too many requests."}
        # Neither another query, another endpoint, nor a forged header gets another counter.
        assert client.get("/lookup/users?search=other&exact=1").status_code == 429
        assert client.post("/lookup/users", json.dumps({}), content_type="").status_code == 429
        assert client.get("/lookup/status", HTTP_X_FORWARDED_FOR="127.0.0.9").status_code == 429
        # Another allowed client has its own counter.
        assert client.get("/lookup/users?search=dupont", REMOTE_ADDR="127.0.0.2").status_code == 200
    with freeze_time("2026-01-05 10:01:00"):
        assert client.get("/lookup/users?search=dupont").status_code == 200


def test_refused_clients_do_not_use_the_rate_counters(client, directory, settings):
    settings.LOOKUP_RATE_LIMIT = "1/minute"
    with freeze_time("2026-01-05 10:00:10"):
        for _ in range(3):
            assert client.get("/lookup/users?search=dupont", REMOTE_ADDR="203.0.113.7").status_code == 403
        assert client.get("/lookup/users?search=dupont").status_code == 200


def test_no_rate_limit_when_empty(client, directory, settings):
    settings.LOOKUP_RATE_LIMIT = ""
    for _ in range(5):
        assert client.get("/lookup/users?search=dupont").status_code == 200


def test_the_portal_gates_do_not_apply(client, directory, teacher):
    """Signed in or not, with or without structure, in maintenance or not: the network decides."""
    from portal.core.models import SiteSettings

    site = SiteSettings.load()
    site.maintenance = True
    site.save()
    assert client.get("/lookup/users?search=dupont").status_code == 200
    client.force_login(teacher)
    assert client.get("/lookup/users?search=dupont").status_code == 200


def test_methods_not_allowed(client, db):
    response = client.put("/lookup/users")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST, DELETE"
    assert client.delete("/lookup/status").status_code == 405
