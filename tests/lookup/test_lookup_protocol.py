"""The conformance checks of section 8 of nextcloud-lookup-protocol.md, one test each (numbers in the names)."""

import json

import pytest
from lookup_helpers import A_ELEMENT, B_ELEMENT, C_ELEMENT, decoded, fuzzy, ids

from lookup.factories import NextcloudInstanceFactory
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_01_search_by_surname_answers_a_list_with_the_person(client, directory):
    assert fuzzy(client, "search=dupont") == [A_ELEMENT]


def test_01_the_page_is_one_query(client, directory, django_assert_num_queries):
    with django_assert_num_queries(1):
        fuzzy(client, "search=dupont")


def test_02_no_redirect_on_users_with_or_without_a_trailing_slash(client, directory):
    response = client.get("/lookup/users?search=dupont")
    assert response.status_code == 200
    with_slash = client.get("/lookup/users/?search=dupont")
    assert with_slash.status_code == 404
    assert decoded(with_slash) is None
    for method in (client.post, client.delete):
        assert method("/lookup/users").status_code == 200


def test_03_index_php_path_answers_the_same(client, directory):
    assert fuzzy(client, "search=dupont") == fuzzy(client.__class__(), "search=dupont")
    response = client.get("/lookup/index.php/users?search=dupont")
    assert decoded(response) == [A_ELEMENT]


@pytest.mark.parametrize("query", ["search=", "", "search=%20%20", "search=+"])
def test_04_empty_search_is_400_with_an_empty_body(client, directory, query):
    response = client.get(f"/lookup/users?{query}")
    assert response.status_code == 400
    assert response.content == b""
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_05_search_is_case_insensitive(client, directory):
    assert fuzzy(client, "search=DUPONT") == [A_ELEMENT]


@pytest.mark.parametrize(
    "query", ["search=helene", "search=H%C3%A9l%C3%A8ne", "search=HELENE", "search=h%C3%A9L%C3%A8ne"]
)
def test_06_search_is_accent_insensitive(client, directory, query):
    assert fuzzy(client, query) == [B_ELEMENT]


def test_07_first_last_with_nextcloud_space_encoding(client, directory):
    assert fuzzy(client, "search=Jean+Dupont") == [A_ELEMENT]


def test_08_last_first(client, directory):
    assert fuzzy(client, "search=Dupont+Jean") == [A_ELEMENT]


def test_09_email(client, directory):
    assert fuzzy(client, "search=jean.dupont%40ac-exemple.fr") == [A_ELEMENT]


def test_10_exact_with_globalsiteselector_double_encoding_answers_an_object(client, directory):
    response = client.get("/lookup/users?search=jean.dupont%2540ac-exemple.fr&exact=1")
    assert response.status_code == 200
    assert decoded(response) == A_ELEMENT


def test_11_exact_email_key_json_form_is_case_insensitive(client, directory):
    response = client.get("/lookup/users?search=JEAN.DUPONT%40AC-EXEMPLE.FR&exact=1&keys=%5B%22email%22%5D")
    assert decoded(response) == A_ELEMENT


def test_12_exact_userid_key_php_array_form(client, directory):
    response = client.get("/lookup/users?search=jdupont&exact=1&keys%5B0%5D=userid")
    body = decoded(response)
    assert body == A_ELEMENT
    assert body["userid"]["value"] == "jdupont"


def test_13_exact_without_match_is_an_empty_list(client, directory):
    response = client.get("/lookup/users?search=nobody&exact=1")
    assert response.status_code == 200
    assert response.content == b"[]"


def test_14_exact_email_shared_by_two_accounts_answers_nobody(client, directory):
    response = client.get("/lookup/users?search=dup%40ac-exemple.fr&exact=1")
    assert decoded(response) == []


def test_15_exact_cloud_id_answers_the_canonical_id(client, directory):
    response = client.get("/lookup/users?search=jdupont%40nc2.example.fr&exactCloudId=1")
    body = decoded(response)
    assert body == A_ELEMENT
    assert body["federationId"] == "jdupont@nc2.example.fr"


def test_16_unknown_cloud_id_is_an_empty_list(client, directory):
    response = client.get("/lookup/users?search=unknown%40nc2.example.fr&exactCloudId=1")
    assert response.status_code == 200
    assert decoded(response) == []


def test_17_scheme_and_trailing_slash_are_stripped(client, directory):
    assert fuzzy(client, "search=cmartin") == [C_ELEMENT]


def test_18_disabled_people_are_not_published(client, directory):
    assert fuzzy(client, "search=pdisabled") == []
    assert decoded(client.get("/lookup/users?search=pdisabled&exact=1")) == []
    assert decoded(client.get("/lookup/users?search=pdisabled%40nc1.example.fr&exactCloudId=1")) == []


def test_19_people_without_nextcloud_are_not_published(client, directory):
    assert fuzzy(client, "search=nolocator") == []
    assert decoded(client.get("/lookup/users?search=nolocator&exact=1")) == []


def test_20_person_without_email(client, directory):
    assert fuzzy(client, "search=martin") == [C_ELEMENT]


@pytest.fixture
def crowd(db):
    """70 published people whose names contain an "e"."""
    instance = NextcloudInstanceFactory(url="https://nc1.example.fr")
    return UserFactory.create_batch(70, first_name="Estelle", last_name="Leroy", nclocator=instance.url)


def test_21_one_character_search_is_capped(client, crowd):
    body = fuzzy(client, "search=a")
    assert len(body) <= 25


def test_22_default_limit_25_and_maximum_50(client, crowd):
    assert len(fuzzy(client, "search=e")) == 25
    assert len(fuzzy(client, "search=e&limit=100")) == 50
    assert len(fuzzy(client, "search=e&limit=abc")) == 25


def test_23_limit_and_offset_give_the_second_page(client, crowd):
    everything = fuzzy(client, "search=e&limit=50")
    page = fuzzy(client, "search=e&limit=5&offset=5")
    assert page == everything[5:10]


def test_24_sql_wildcards_are_literal(client, directory):
    percent = UserFactory(username="p100", first_name="Cent", last_name="Pour%Cent", nclocator="nc1.example.fr")
    underscore = UserFactory(username="under_score", first_name="", last_name="", nclocator="nc1.example.fr")
    assert ids(fuzzy(client, "search=%25")) == [f"{percent.username}@nc1.example.fr"]
    assert ids(fuzzy(client, "search=_")) == [f"{underscore.username}@nc1.example.fr"]


def test_25_a_literal_plus_is_kept(client, directory):
    plus = UserFactory(username="aplusb", email="a+b@x.fr", first_name="", last_name="", nclocator="nc1.example.fr")
    UserFactory(username="aspaceb", email="ab@x.fr", first_name="A", last_name="B", nclocator="nc1.example.fr")
    assert ids(fuzzy(client, "search=a%2Bb%40x.fr")) == [f"{plus.username}@nc1.example.fr"]


def test_26_27_every_fuzzy_answer_is_a_list_of_objects_with_a_string_id(client, directory, crowd):
    for term in ("e", "dupont", "helene", "x", "zzz", "%40", "Doublon"):
        fuzzy(client, f"search={term}")  # the helper checks the shape and the content type


# The body of a real Nextcloud 30.0.6 publication (nextcloud/server#51335): every field but the id is empty.
PUBLICATION = {
    "message": {
        "data": {
            "federationId": "alice@nc1.example.fr",
            "name": "",
            "email": "",
            "address": "",
            "website": "",
            "twitter": "",
            "phone": "",
            "twitter_signature": "",
            "website_signature": "",
            "verificationStatus": {"website": "", "twitter": ""},
        },
        "type": "lookupserver",
        "signer": "alice@nc1.example.fr",
        "timestamp": 1741504289,
    },
    "signature": "c2lnbmF0dXJl",
}


def test_29_signed_publication_is_acknowledged_and_changes_nothing(client, directory, django_assert_num_queries):
    body = json.dumps(PUBLICATION)
    with django_assert_num_queries(0):
        response = client.generic("POST", "/lookup/users", body, content_type="")
    assert response.status_code == 200
    assert response.content == b""
    assert fuzzy(client, "search=dupont") == [A_ELEMENT]


def test_30_signed_delete_is_acknowledged_and_changes_nothing(client, directory):
    body = json.dumps({"message": {"data": {"federationId": "jdupont@nc2.example.fr"}}, "signature": "x"})
    response = client.generic("DELETE", "/lookup/users", body, content_type="")
    assert response.status_code == 200
    assert fuzzy(client, "search=dupont") == [A_ELEMENT]


@pytest.fixture
def pool(db):
    return [
        NextcloudInstanceFactory(url="https://nc1.example.fr"),
        NextcloudInstanceFactory(url="https://nc2.example.fr/"),
        NextcloudInstanceFactory(url="nc3.example.fr", active=False),
    ]


def test_31_instances_with_the_shared_key(client, pool, settings, django_assert_num_queries):
    settings.LOOKUP_AUTH_KEY = "good"
    with django_assert_num_queries(1):
        response = client.generic("POST", "/lookup/instances", json.dumps({"authKey": "good"}), content_type="")
    assert response.status_code == 200
    assert decoded(response) == ["nc1.example.fr", "nc2.example.fr", "nc3.example.fr"]
    gs = client.generic("GET", "/lookup/gs/instances", json.dumps({"authKey": "good"}), content_type="")
    assert decoded(gs) == ["nc1.example.fr", "nc2.example.fr", "nc3.example.fr"]


@pytest.mark.parametrize(
    ("configured", "body", "status"),
    [
        ("good", {"authKey": "bad"}, 403),
        ("", {"authKey": ""}, 403),  # no key configured: nobody gets in
        ("good", {}, 400),
        ("good", "not json", 400),
        ("good", ["authKey"], 400),
    ],
)
def test_31_instances_refused_without_the_key(client, pool, settings, configured, body, status):
    settings.LOOKUP_AUTH_KEY = configured
    raw = body if isinstance(body, str) else json.dumps(body)
    response = client.generic("POST", "/lookup/instances", raw, content_type="")
    assert response.status_code == status
    assert response.content == b""


def test_32_gs_users_answers_display_names(client, directory, settings):
    settings.LOOKUP_AUTH_KEY = "good"
    body = {"authKey": "good", "users": ["jdupont@nc2.example.fr", "cmartin@nc3.example.fr", "jdupont@nc9.example.fr"]}
    response = client.generic("GET", "/lookup/gs/users", json.dumps(body), content_type="")
    assert decoded(response) == {"jdupont@nc2.example.fr": "Jean Dupont", "cmartin@nc3.example.fr": "Claire Martin"}
    refused = client.generic("GET", "/lookup/gs/users", json.dumps({**body, "authKey": "bad"}), content_type="")
    assert refused.status_code == 403
    malformed = client.generic(
        "GET", "/lookup/gs/users", json.dumps({"authKey": "good", "users": "x"}), content_type=""
    )
    assert malformed.status_code == 400
    for method in ("POST", "DELETE"):
        acknowledged = client.generic(method, "/lookup/gs/users", json.dumps({"authKey": "good", "users": {}}))
        assert acknowledged.status_code == 200


def test_33_status(client, db):
    response = client.get("/lookup/status")
    assert decoded(response) == {"version": "1.1.3.1"}
    root = client.get("/lookup/")
    assert root.status_code == 200
    assert root["X-Version"] == "1.1.3.1"
