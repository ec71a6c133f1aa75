"""The owner's pages (check, edit, delete), the search page, and constant query counts."""

import pytest

from portal.bio.factories import CardFactory, LinkFactory
from portal.bio.models import Card, Visibility
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def _links_management(total=0):
    return {
        "links-TOTAL_FORMS": str(total),
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "20",
    }


def _form(**overrides):
    data = {
        "published": "on",
        "public_name": "prof-ampere",
        "headline": "Professeur de technologie",
        "headline_visibility": "public",
        "biography": "Biographie pour les collègues",
        "biography_visibility": "staff",
        "skills": "Robotique, Moodle",
        "skills_visibility": "public",
        "email_visibility": "hidden",
        "structure_visibility": "staff",
        **_links_management(2),
        "links-0-label": "Mastodon",
        "links-0-url": "https://piaille.fr/@prof",
        "links-0-visibility": "public",
        "links-0-ORDER": "1",
        "links-1-label": "Privé",
        "links-1-url": "https://exemple.fr/prive",
        "links-1-visibility": "hidden",
        "links-1-ORDER": "2",
    }
    data.update(overrides)
    return data


def test_anonymous_people_are_sent_to_sign_in_for_my_card(client):
    response = client.get("/bio/moi/")
    assert response.status_code == 302 and "signin" in response["Location"]


def test_first_visit_creates_a_hidden_card_and_explains_publication(client, teacher):
    client.force_login(teacher)
    response = client.get("/bio/moi/")
    assert response.status_code == 200
    assert "Vérifiez votre carte" in response.content.decode()
    card = Card.objects.get(user=teacher)
    assert not card.published and not card.checked
    assert client.get("/bio/prof-ampere/").status_code == 200  # the owner sees it
    client.logout()
    assert client.get("/bio/prof-ampere/").status_code == 404


def test_the_newcomer_journey(client, teacher):
    """Publish headline and skills publicly, keep the biography for staff and one link hidden."""
    client.force_login(teacher)
    client.get("/bio/moi/")
    response = client.post("/bio/moi/", _form())
    assert response.status_code == 302 and response["Location"] == "/bio/prof-ampere/"
    card = Card.objects.get(user=teacher)
    assert card.checked and card.published
    client.logout()
    body = client.get("/bio/prof-ampere/").content.decode()
    assert "Professeur de technologie" in body and "Robotique" in body and "piaille.fr" in body
    assert "Biographie pour les collègues" not in body and "exemple.fr/prive" not in body
    colleague = UserFactory(structure=teacher.structure)
    client.force_login(colleague)
    body = client.get("/bio/prof-ampere/").content.decode()
    assert "Biographie pour les collègues" in body and "exemple.fr/prive" not in body
    client.logout()
    assert "prof-ampere" in client.get("/bio/?q=%23robotique").content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"public_name": "a/b"}, "ni barre oblique"),
        ({"public_name": "moi"}, "réservé"),
        ({"public_name": "ab"}, "au moins 3"),
        ({"links-0-url": "javascript:alert(1)"}, "URL"),
        ({"headline_visibility": "everyone"}, "choix"),
    ],
)
def test_bad_input_comes_back_on_the_form_and_nothing_is_saved(client, teacher, overrides, message):
    client.force_login(teacher)
    client.get("/bio/moi/")
    response = client.post("/bio/moi/", _form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    card = Card.objects.get(user=teacher)
    assert not card.checked and card.headline == "" and not card.links.exists()


def test_owner_deletes_their_card_after_confirmation(client, mixed_card):
    client.force_login(mixed_card.user)
    assert client.get("/bio/moi/supprimer/").status_code == 200
    assert client.post("/bio/moi/supprimer/").status_code == 302
    assert not Card.objects.exists()
    assert client.get("/bio/helene-robot/").status_code == 404


def test_nobody_reaches_another_persons_card_through_my_pages(client, mixed_card, viewers):
    """The only write pages act on the signed-in person's own card: another card stays untouched."""
    client.force_login(viewers.colleague)
    client.post("/bio/moi/", _form(public_name="helene-robot"))
    client.post("/bio/moi/supprimer/")
    mixed_card.refresh_from_db()
    assert mixed_card.headline == "Professeure de technologie"
    assert Card.objects.filter(public_name="helene-robot", user=mixed_card.user).exists()


def test_search_page_filters_by_structure_subtree(client, mixed_card, viewers, tree):
    client.force_login(viewers.colleague)
    assert "helene-robot" in client.get(f"/bio/?structure={tree.lyon.pk}").content.decode()
    assert "helene-robot" not in client.get(f"/bio/?structure={tree.grenoble.pk}").content.decode()
    assert client.get("/bio/?structure=abc&page=zz").status_code == 200


def test_empty_search_says_so(client, db):
    body = client.get("/bio/?q=personne").content.decode()
    assert "Aucune carte ne correspond" in body


def _cards(count, tree):
    for index in range(count):
        card = CardFactory(user=UserFactory(structure=tree.ampere), skills=["Robotique", f"Compétence {index}"])
        LinkFactory(card=card, visibility=Visibility.PUBLIC)


@pytest.mark.parametrize("size", [2, 12])
def test_search_page_queries_do_not_grow(client, tree, django_assert_max_num_queries, size):
    _cards(size, tree)
    with django_assert_max_num_queries(13):  # cold: the cached aggregates are computed
        assert client.get("/bio/?q=%23robotique").status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get("/bio/?q=%23robotique").status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_card_page_queries_do_not_grow(client, mixed_card, viewers, tree, django_assert_max_num_queries, size):
    for _ in range(size):
        LinkFactory(card=mixed_card, visibility=Visibility.PUBLIC)
    client.force_login(viewers.colleague)
    with django_assert_max_num_queries(13):  # + one per registered section (groups, blog)
        assert client.get("/bio/helene-robot/").status_code == 200


def test_search_counts_stop_at_the_cap(client, tree, monkeypatch):
    from portal.bio import views

    monkeypatch.setattr(views, "MAX_RESULTS", 3)
    _cards(5, tree)
    body = client.get("/bio/?q=%23robotique").content.decode()
    assert "Plus de 3 résultats" in body
