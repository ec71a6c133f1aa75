"""Helpers of the lookup tests: the expected elements of section 8's records, answer checks."""

import json
import re

FEDERATION_ID = re.compile(r"^[A-Za-z0-9 _.@'\-]+@[^@/\s]+")


A_ELEMENT = {
    "federationId": "jdupont@nc2.example.fr",
    "name": {"value": "Jean Dupont", "verified": "1"},
    "email": {"value": "jean.dupont@ac-exemple.fr", "verified": "1"},
    "userid": {"value": "jdupont", "verified": "1"},
}
B_ELEMENT = {
    "federationId": "hbeaulieu@nc1.example.fr",
    "name": {"value": "Hélène Beaulieu", "verified": "1"},
    "email": {"value": "helene.beaulieu@ac-exemple.fr", "verified": "1"},
    "userid": {"value": "hbeaulieu", "verified": "1"},
}
C_ELEMENT = {
    "federationId": "cmartin@nc3.example.fr",
    "name": {"value": "Claire Martin", "verified": "1"},
    "email": {"value": "", "verified": "0"},
    "userid": {"value": "cmartin", "verified": "1"},
}


def decoded(response):
    """The JSON body, after checking what every answer must be (check 27): JSON content type, valid UTF-8."""
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.content.decode("utf-8")
    return json.loads(body) if body else None


def fuzzy(client, query, **extra):
    """A fuzzy search answer, checked as Nextcloud needs it (check 26): a list of objects with a string id."""
    response = client.get(f"/lookup/users?{query}", **extra)
    assert response.status_code == 200, response.content
    body = decoded(response)
    assert isinstance(body, list)
    for item in body:
        assert set(item) == {"federationId", "name", "email", "userid"}
        assert isinstance(item["federationId"], str) and FEDERATION_ID.match(item["federationId"])
        for key in ("name", "email", "userid"):
            assert set(item[key]) == {"value", "verified"} and item[key]["verified"] in ("0", "1")
    return body


def ids(body):
    return [item["federationId"] for item in body]
