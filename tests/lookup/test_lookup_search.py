"""The directory search beyond section 8: ranking, folding, hostile input, paging, constant query count."""

import pytest
from lookup_helpers import decoded, fuzzy

from lookup import selectors
from portal.users.factories import UserFactory
from portal.users.models import build_search_text

pytestmark = pytest.mark.django_db

NC = "https://nc1.example.fr"


def person(username, first="", last="", email="", **extra):
    return UserFactory(username=username, first_name=first, last_name=last, email=email, nclocator=NC, **extra)


def usernames(body):
    return [item["userid"]["value"] for item in body]


def test_search_text_layout_is_what_the_ranking_reads():
    """The ranking reads the last two parts of search_text as the names: the layout must not change silently."""
    assert build_search_text("jdupont", "j@x.fr", "Jean", "Dupont") == "jdupont | j@x.fr | jean dupont | dupont jean"
    assert build_search_text("jdupont", "", "Jean", "Dupont") == "jdupont | jean dupont | dupont jean"
    assert build_search_text("jdupont", "j@x.fr", "", "") == "jdupont | j@x.fr"
    assert selectors.SEARCH_SEPARATOR == " | "


@pytest.fixture
def martins(db):
    """People matching "martin" in every way the ranking tells apart, created in a shuffled order."""
    return {
        "saint": person("csaintmartin", "Claire", "Saint-Martin", "claire@ac-exemple.fr"),
        "martinez": person("amartinez", "Alice", "Martinez", "alice@ac-exemple.fr"),
        "nameless": person("xmartin2", email="x@ac-exemple.fr"),
        "zola": person("mzola", "Martin", "Zola", "mz@ac-exemple.fr"),
        "exact": person("martin", "Paul", "Durand", "paul.durand@ac-exemple.fr"),
        "bob": person("bmartin", "Bob", "Martin", "bob@ac-exemple.fr"),
        "email": person("pierre", "Pierre", "Lefèvre", "martin@ac-exemple.fr"),
        "twice": person("mmartin", "Martin", "Martin", "mm@ac-exemple.fr"),
    }


def test_ranking_exact_first_then_names_starting_with_the_term_then_the_rest(client, martins):
    body = fuzzy(client, "search=martin")
    assert usernames(body) == [
        # 0. the username is the term
        "martin",
        # 1. a name starts with the term, in the alphabetical order of that name ("martin bob" < "martin martin" ...)
        "bmartin",
        "mmartin",
        "mzola",
        "amartinez",
        # 2. the term anywhere else, by creation order
        "csaintmartin",
        "xmartin2",
        "pierre",
    ]


def test_exact_email_ranks_first(client, martins):
    body = fuzzy(client, "search=martin%40ac-exemple.fr")
    assert usernames(body) == ["pierre"]
    UserFactory(username="someone", email="xmartin@ac-exemple.fr", nclocator=NC, first_name="", last_name="")
    assert usernames(fuzzy(client, "search=martin%40ac-exemple.fr")) == ["pierre", "someone"]


def test_ranking_is_the_same_on_every_page(client, martins):
    whole = usernames(fuzzy(client, "search=martin"))
    pages = []
    for offset in range(0, len(whole), 3):
        pages += usernames(fuzzy(client, f"search=martin&limit=3&offset={offset}"))
    assert pages == whole
    assert fuzzy(client, f"search=martin&offset={len(whole)}") == []


def test_a_person_matching_twice_appears_once(client, martins):
    body = fuzzy(client, "search=martin+martin")
    assert usernames(body) == ["mmartin"]


def test_last_first_and_first_last(client, martins):
    assert usernames(fuzzy(client, "search=Saint-Martin+Claire")) == ["csaintmartin"]
    assert usernames(fuzzy(client, "search=claire+saint")) == ["csaintmartin"]
    assert usernames(fuzzy(client, "search=martin+bo")) == ["bmartin"]


@pytest.mark.parametrize(
    ("stored_first", "stored_last", "query"),
    [
        ("Hélène", "Lefèvre", "search=helene+lefevre"),
        ("Helene", "Lefevre", "search=H%C3%A9l%C3%A8ne"),
        ("Chloé", "Cœur", "search=coeur"),
        ("Anaïs", "Strauß", "search=strauss"),
        ("Zoé", "N'Diaye", "search=n%27diaye+zoe"),
        ("Jean-Pierre", "Dupont-Léger", "search=JEAN-PIERRE+DUPONT-L%C3%89GER"),
    ],
)
def test_accents_case_and_punctuation_are_folded(client, db, stored_first, stored_last, query):
    person("someone", stored_first, stored_last, "someone@ac-exemple.fr")
    assert usernames(fuzzy(client, query)) == ["someone"]


def test_only_nextcloud_valid_usernames_are_published(client, db):
    person("valid.name-1_x'y@z", "Valide", "Personne")
    for username in ("été", "trailing ", " leading", ".", "..", "semi;colon"):
        person(username, "Invalide", "Personne")
    assert usernames(fuzzy(client, "search=personne")) == ["valid.name-1_x'y@z"]
    assert decoded(client.get("/lookup/users?search=%C3%A9t%C3%A9&exact=1")) == []


@pytest.mark.parametrize(
    "query",
    ["search=%zz", "search=%E9", "search=%C3", "search=100%", "search=%25%25%25", "search=%5C", "search=%5C%25"],
)
def test_odd_escapes_answer_normally(client, db, query):
    person("someone", "Some", "One")
    assert fuzzy(client, query) == []


@pytest.mark.parametrize(
    "query",
    [
        "search=%00",
        "search=a%00b",
        "search=%2500",
        "search=%00&exact=1",
        "search=x%00%40nc1.example.fr&exactCloudId=1",
        "search=a%0Ab",
    ],
)
def test_nul_and_control_characters_are_a_bad_request(client, db, query):
    response = client.get(f"/lookup/users?{query}")
    assert response.status_code == 400
    assert response.content == b""


def test_a_backslash_is_literal(client, db):
    person("someone", "Back\\slash", "Name")
    person("other", "Backslash", "Name")
    assert usernames(fuzzy(client, "search=back%5Cslash")) == ["someone"]


def test_200_character_searches(client, db):
    long_person = person("long", "y" * 49, "x" * 150)
    term = "x" * 150 + "+" + "y" * 49  # "last first", 200 characters
    assert usernames(fuzzy(client, f"search={term}")) == [long_person.username]
    assert fuzzy(client, "search=" + "ab" * 100) == []
    assert fuzzy(client, "search=" + "a" * 400) == []  # longer than any field: answered without a query
    assert decoded(client.get("/lookup/users?exact=1&search=" + "a" * 200)) == []


def test_exact_keys_forms(client, martins):
    # An e-mail given with keys=userid only does not match the e-mail.
    assert decoded(client.get("/lookup/users?search=martin%40ac-exemple.fr&exact=1&keys[]=userid")) == []
    by_email = decoded(client.get("/lookup/users?search=martin%40ac-exemple.fr&exact=1&keys[]=email"))
    assert by_email["userid"]["value"] == "pierre"
    # "name" is ignored in exact mode and unknown or garbled keys are ignored: both keys are searched.
    for keys in ("keys=%5B%22name%22%5D", "keys=%5B%22phone%22%5D", "keys=%5B", "keys=%7B%22a%22%3A1%7D", "keys[]="):
        body = decoded(client.get(f"/lookup/users?search=martin&exact=1&{keys}"))
        assert body["userid"]["value"] == "martin", keys


def test_exact_prefers_the_username_then_a_unique_email(client, db):
    person("shared@ac-exemple.fr", "Login", "Mail", "other@ac-exemple.fr")
    person("owner", "Owner", "Mail", "shared@ac-exemple.fr")
    assert decoded(client.get("/lookup/users?search=shared%40ac-exemple.fr&exact=1"))["userid"]["value"] == (
        "shared@ac-exemple.fr"
    )
    assert decoded(client.get("/lookup/users?search=other%40ac-exemple.fr&exact=1"))["userid"]["value"] == (
        "shared@ac-exemple.fr"
    )


def test_exact_among_usernames_differing_by_case(client, db):
    person("JDupont", "Jean", "Majuscule")
    person("jdupont", "Jean", "Minuscule")
    assert decoded(client.get("/lookup/users?search=JDupont&exact=1"))["name"]["value"] == "Jean Majuscule"
    assert decoded(client.get("/lookup/users?search=jdupont&exact=1"))["name"]["value"] == "Jean Minuscule"
    assert decoded(client.get("/lookup/users?search=JDUPONT&exact=1")) == []  # ambiguous: nobody


def test_exact_cloud_id_ignores_case_and_answers_the_canonical_id(client, db):
    UserFactory(username="cmartin", nclocator="https://NC3.Example.fr/", first_name="C", last_name="M")
    body = decoded(client.get("/lookup/users?search=CMartin%40nc3.example.FR&exactCloudId=1"))
    assert body["federationId"] == "cmartin@nc3.example.fr"
    assert decoded(client.get("/lookup/users?search=cmartin%40nc1.example.fr&exactCloudId=1")) == []
    assert decoded(client.get("/lookup/users?search=cmartin&exactCloudId=1")) == []


def test_exact_cloud_id_wins_over_exact(client, db):
    UserFactory(username="cmartin", nclocator="nc3.example.fr", first_name="C", last_name="M")
    body = decoded(client.get("/lookup/users?search=cmartin%40nc3.example.fr&exactCloudId=1&exact=1"))
    assert body["federationId"] == "cmartin@nc3.example.fr"


@pytest.mark.parametrize("count", [3, 60])
def test_one_query_whatever_the_number_of_people(client, db, count, django_assert_num_queries):
    for index in range(count):
        person(f"p{index}", "Marie", f"Martin{index}", f"p{index}@ac-exemple.fr")
    for query in ("search=mar", "search=martin1", "search=zzz", "search=p1%40ac-exemple.fr", "search=ari"):
        with django_assert_num_queries(1):
            fuzzy(client, query)
    with django_assert_num_queries(1):
        client.get("/lookup/users?search=p1&exact=1")
    with django_assert_num_queries(1):
        client.get("/lookup/users?search=p1%40nc1.example.fr&exactCloudId=1")


def test_nothing_but_the_four_fields_leaves(client, db):
    person("secret", "Sec", "Ret", "sec@ac-exemple.fr", language="en", group_quota=99)
    (item,) = fuzzy(client, "search=secret")
    assert item == {
        "federationId": "secret@nc1.example.fr",
        "name": {"value": "Sec Ret", "verified": "1"},
        "email": {"value": "sec@ac-exemple.fr", "verified": "1"},
        "userid": {"value": "secret", "verified": "1"},
    }


def test_a_person_without_a_name(client, db):
    person("anonymous", email="anon@ac-exemple.fr")
    assert fuzzy(client, "search=anonymous") == [
        {
            "federationId": "anonymous@nc1.example.fr",
            "name": {"value": "", "verified": "0"},
            "email": {"value": "anon@ac-exemple.fr", "verified": "1"},
            "userid": {"value": "anonymous", "verified": "1"},
        }
    ]


def test_a_locator_without_a_host_is_not_published(client, db):
    UserFactory(username="broken", nclocator="https://", first_name="Bro", last_name="Ken")
    assert fuzzy(client, "search=broken") == []
