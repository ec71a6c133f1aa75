"""The bio JSON API: my card (read, update, visibilities, delete), public search, one card, skills."""

import pytest

from portal.bio.models import Card
from tests.bio.card_texts import HIDDEN_URL, PUBLIC_URL, SECRET_BIOGRAPHY, STAFF_URL

pytestmark = pytest.mark.django_db


def test_my_card_needs_a_signed_in_account(client, db):
    assert client.get("/api/v1/bio/me/").status_code == 401
    assert client.patch("/api/v1/bio/me/", {}, content_type="application/json").status_code == 401
    assert not Card.objects.exists()


def test_my_card_is_created_hidden_on_first_read(client, teacher):
    client.force_login(teacher)
    data = client.get("/api/v1/bio/me/").json()
    assert data == {
        "public_name": "prof-ampere",
        "url": "http://testserver/bio/prof-ampere/",
        "first_name": teacher.first_name,
        "last_name": teacher.last_name,
        "headline": "",
        "skills": [],
        "structure": "Lycée Ampère",  # the owner reads their hidden fields
        "avatar_url": "",
        "biography": "",
        "biography_html": "",
        "email": teacher.email,
        "links": [],
        "published": False,
        "checked": False,
        "moderated": False,
        "moderation_reason": "",
        "headline_visibility": "hidden",
        "biography_visibility": "hidden",
        "skills_visibility": "hidden",
        "email_visibility": "hidden",
        "structure_visibility": "hidden",
    }


def test_patch_updates_fields_visibilities_skills_and_links(client, teacher):
    client.force_login(teacher)
    response = client.patch(
        "/api/v1/bio/me/",
        {
            "published": True,
            "headline": "Prof",
            "headline_visibility": "public",
            "skills": ["Robotique", "ROBOTIQUE"],
            "skills_visibility": "public",
            "links": [{"label": "Bluesky", "url": "https://bsky.app/profile/prof", "visibility": "staff"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["published"], data["checked"], data["skills"]) == (True, True, ["Robotique"])
    assert data["links"] == [
        {"label": "Bluesky", "url": "https://bsky.app/profile/prof", "network": "bluesky", "visibility": "staff"}
    ]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"public_name": "../etc"}, "public_name"),
        ({"public_name": "a b c"}, "public_name"),
        ({"headline_visibility": "world"}, "headline_visibility"),
        ({"links": [{"label": "x", "url": "javascript:alert(1)"}]}, "links"),
        ({"links": [{"label": "x", "url": "data:text/html,x"}]}, "links"),
        ({"skills": "pas une liste"}, "skills"),
        ({"published": "peut-être"}, "published"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, teacher, payload, field):
    client.force_login(teacher)
    response = client.patch("/api/v1/bio/me/", payload, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Card.objects.filter(user=teacher, checked=True).exists()


def test_user_field_is_ignored_nobody_edits_another_card(client, mixed_card, viewers):
    client.force_login(viewers.colleague)
    response = client.patch(
        "/api/v1/bio/me/", {"user": mixed_card.user_id, "headline": "moi"}, content_type="application/json"
    )
    assert response.status_code == 200
    mixed_card.refresh_from_db()
    assert mixed_card.headline == "Professeure de technologie"
    assert client.delete("/api/v1/bio/cards/helene-robot/").status_code == 405
    assert client.patch("/api/v1/bio/cards/helene-robot/", {}, content_type="application/json").status_code == 405
    assert Card.objects.filter(pk=mixed_card.pk).exists()


def test_delete_my_card(client, mixed_card):
    client.force_login(mixed_card.user)
    assert client.delete("/api/v1/bio/me/").status_code == 204
    assert not Card.objects.exists()
    assert client.delete("/api/v1/bio/me/").status_code == 404


def test_one_card_for_anonymous_has_public_fields_only(client, mixed_card):
    data = client.get("/api/v1/bio/cards/helene-robot/").json()
    assert data["biography"] == "" and data["structure"] == "" and data["email"] == ""
    assert [link["url"] for link in data["links"]] == [PUBLIC_URL]
    assert SECRET_BIOGRAPHY not in str(data) and STAFF_URL not in str(data) and HIDDEN_URL not in str(data)


def test_search_api_is_paginated_and_validates_the_structure(client, mixed_card, tree):
    data = client.get("/api/v1/bio/cards/?q=%23robotique").json()
    assert data["count"] == 1
    assert data["results"] == [
        {
            "public_name": "helene-robot",
            "url": "http://testserver/bio/helene-robot/",
            "first_name": "Hélène",
            "last_name": "Robot",
            "headline": "Professeure de technologie",
            "skills": ["Moodle", "Robotique"],
            "structure": "",
        }
    ]
    assert client.get("/api/v1/bio/cards/?structure=abc").status_code == 400
    assert client.get("/api/v1/bio/cards/?structure=999999").status_code == 400


def test_skills_api_completes_names_with_counts(client, mixed_card):
    assert client.get("/api/v1/bio/skills/?q=ROB").json() == [{"name": "Robotique", "card_count": 1}]
    assert client.get("/api/v1/bio/skills/").json() == [
        {"name": "Moodle", "card_count": 1},
        {"name": "Robotique", "card_count": 1},
    ]


def test_bio_endpoints_are_in_the_openapi_schema(client, teacher):
    client.force_login(teacher)
    schema = client.get("/api/v1/schema/?format=json").content.decode()
    for path in ("/api/v1/bio/me/", "/api/v1/bio/cards/", "/api/v1/bio/cards/{public_name}/", "/api/v1/bio/skills/"):
        assert path in schema


@pytest.mark.parametrize("size", [1, 10])
def test_search_api_queries_do_not_grow(client, mixed_card, tree, size, django_assert_max_num_queries):
    from portal.bio.factories import CardFactory, LinkFactory

    for _ in range(size):
        LinkFactory(card=CardFactory(skills=["Robotique"]))
    with django_assert_max_num_queries(5):
        assert client.get("/api/v1/bio/cards/?q=%23robotique").status_code == 200
