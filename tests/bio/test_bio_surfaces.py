"""Nothing hidden leaves the server: each visibility × each viewer × each surface (page, search page, API card,
API search, vCard 3.0 and 4.0)."""

import pytest
import vobject

from portal.bio.models import Visibility
from tests.bio.card_texts import HIDDEN_EMAIL, HIDDEN_URL, PUBLIC_URL, SECRET_BIOGRAPHY, STAFF_URL

pytestmark = pytest.mark.django_db

STRUCTURE = "Lycée Ampère"
HEADLINE = "Professeure de technologie"
CARD_SURFACES = ["/bio/helene-robot/", "/api/v1/bio/cards/helene-robot/", "/bio/helene-robot/vcard/?version=3.0"]
CARD_SURFACES += ["/bio/helene-robot/vcard/?version=4.0"]
SEARCH_SURFACES = ["/bio/?q=helene", "/api/v1/bio/cards/?q=helene"]


def _get(client, user, url):
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("url", CARD_SURFACES)
@pytest.mark.parametrize("viewer", ["anonymous", "inactive"])
def test_anonymous_sees_public_fields_only(client, mixed_card, viewers, viewer, url):
    body = _get(client, getattr(viewers, viewer), url)
    assert HEADLINE in body and PUBLIC_URL in body and "Robotique" in body
    for secret in (SECRET_BIOGRAPHY, STAFF_URL, STRUCTURE, HIDDEN_URL, HIDDEN_EMAIL):
        assert secret not in body, (url, secret)


@pytest.mark.parametrize("url", CARD_SURFACES)
def test_signed_in_colleague_also_sees_staff_fields_never_hidden_ones(client, mixed_card, viewers, url):
    body = _get(client, viewers.colleague, url)
    for visible in (HEADLINE, PUBLIC_URL, SECRET_BIOGRAPHY, STAFF_URL, STRUCTURE):
        assert visible in body, (url, visible)
    for secret in (HIDDEN_URL, HIDDEN_EMAIL):
        assert secret not in body, (url, secret)


@pytest.mark.parametrize("url", CARD_SURFACES)
def test_owner_sees_everything(client, mixed_card, viewers, url):
    body = _get(client, viewers.owner, url)
    for visible in (HEADLINE, PUBLIC_URL, SECRET_BIOGRAPHY, STAFF_URL, STRUCTURE, HIDDEN_URL, HIDDEN_EMAIL):
        assert visible in body, (url, visible)


@pytest.mark.parametrize("url", SEARCH_SURFACES)
@pytest.mark.parametrize("viewer", ["anonymous", "colleague", "owner"])
def test_search_results_show_summaries_without_hidden_or_staff_only_parts(client, mixed_card, viewers, viewer, url):
    body = _get(client, getattr(viewers, viewer), url)
    assert "helene-robot" in body and HEADLINE in body
    for secret in (SECRET_BIOGRAPHY, HIDDEN_URL, HIDDEN_EMAIL, STAFF_URL):
        assert secret not in body
    assert (STRUCTURE in body) == (viewer != "anonymous")


@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("url", CARD_SURFACES + ["/bio/helene-robot/qr.svg"])
@pytest.mark.parametrize("viewer", ["anonymous", "colleague", "structure_admin", "global_admin"])
def test_an_unlisted_card_is_a_404_everywhere_but_for_its_owner(client, mixed_card, viewers, viewer, url, published):
    mixed_card.published, mixed_card.moderated = published, published  # unpublished, or moderated
    mixed_card.save()
    user = getattr(viewers, viewer)
    if user.is_authenticated:
        client.force_login(user)
    assert client.get(url).status_code == 404
    client.force_login(viewers.owner)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", SEARCH_SURFACES)
def test_unlisted_cards_are_not_found_by_the_search(client, mixed_card, viewers, url):
    mixed_card.published = False
    mixed_card.save()
    client.force_login(viewers.owner)
    assert "helene-robot" not in client.get(url).content.decode()


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcard_parses_back_with_the_visible_fields(client, mixed_card, viewers, version):
    client.force_login(viewers.colleague)
    response = client.get(f"/bio/helene-robot/vcard/?version={version}")
    assert response["Content-Type"].startswith("text/vcard")
    card = vobject.readOne(response.content.decode())
    assert card.version.value == version
    assert card.fn.value == "Hélène Robot"
    assert card.title.value == HEADLINE
    assert card.org.value == [STRUCTURE]
    assert card.note.value == SECRET_BIOGRAPHY
    assert sorted(url.value for url in card.url_list) == sorted(
        ["http://testserver/bio/helene-robot/", PUBLIC_URL, STAFF_URL]
    )
    assert not hasattr(card, "email")


def test_vcard_of_anonymous_has_no_staff_fields_and_email_when_public(client, mixed_card):
    mixed_card.email_visibility = Visibility.PUBLIC
    mixed_card.save()
    card = vobject.readOne(client.get("/bio/helene-robot/vcard/").content.decode())
    assert card.email.value == HIDDEN_EMAIL
    assert not hasattr(card, "note") and not hasattr(card, "org")


def test_qr_code_is_an_svg_of_the_card_url(client, mixed_card):
    response = client.get("/bio/helene-robot/qr.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<?xml") or b"<svg" in response.content[:200]


def test_federation_id_is_shown_to_signed_in_colleagues_only(client, mixed_card, viewers):
    owner = mixed_card.user
    owner.nclocator = "https://nc1.example.fr/"
    owner.save()
    assert "helene.robot@nc1.example.fr" not in client.get("/bio/helene-robot/").content.decode()
    client.force_login(viewers.colleague)
    assert "helene.robot@nc1.example.fr" in client.get("/bio/helene-robot/").content.decode()


def test_an_unknown_name_is_a_404(client, viewers):
    for url in ("/bio/personne/", "/bio/../", "/api/v1/bio/cards/personne/", "/bio/x" * 40 + "/"):
        assert client.get(url).status_code == 404
