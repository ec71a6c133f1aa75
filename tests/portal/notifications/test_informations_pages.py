"""Who sees which information message, the informations page, and where "/" sends people."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from portal.notifications.factories import InformationMessageFactory
from portal.notifications.landing import unread_informations
from portal.notifications.selectors import visible_information_messages
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.now() - timedelta(days=days)


def test_a_teacher_sees_national_messages_and_those_of_their_structure_and_ancestors_newest_first(tree, teacher):
    national = InformationMessageFactory(published_at=ago(5))
    academie = InformationMessageFactory(structure=tree.lyon, published_at=ago(1))
    district = InformationMessageFactory(structure=tree.rhone, published_at=ago(3))
    school = InformationMessageFactory(structure=tree.ampere, published_at=ago(2))
    InformationMessageFactory(structure=tree.moulin)  # a sibling school
    InformationMessageFactory(structure=tree.grenoble)  # another académie
    InformationMessageFactory(expires_at=ago(1))  # expired
    assert list(visible_information_messages(teacher)) == [academie, school, district, national]


def test_visible_messages_are_read_in_one_query(tree, teacher, django_assert_num_queries):
    InformationMessageFactory.create_batch(3)
    InformationMessageFactory.create_batch(3, structure=tree.rhone)
    teacher.structure  # noqa: B018 - the request's user has it loaded once per request
    with django_assert_num_queries(1):
        assert len(list(visible_information_messages(teacher))) == 6


def test_content_follows_the_language_with_a_french_fallback(tree):
    both = InformationMessageFactory(content_fr="<p>Bonjour</p>", content_en="<p>Hello</p>")
    french_only = InformationMessageFactory(content_fr="<p>Seulement en français</p>", content_en="")
    with override("en"):
        assert (both.content, french_only.content) == ("<p>Hello</p>", "<p>Seulement en français</p>")
    with override("fr"):
        assert both.content == "<p>Bonjour</p>"


def _page(client, user):
    client.force_login(user)
    return client.get(reverse("informations"))


def test_the_informations_page_lists_messages_and_marks_them_read(client, tree, teacher):
    InformationMessageFactory(content_fr="<p>Message national</p>")
    InformationMessageFactory(structure=tree.lyon, content_fr="<p>Message de Lyon</p>")
    InformationMessageFactory(structure=tree.grenoble, content_fr="<p>Message de Grenoble</p>")
    response = _page(client, teacher)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Message national" in body and "Message de Lyon" in body
    assert "Message de Grenoble" not in body
    teacher.refresh_from_db()
    assert timezone.now() - teacher.last_info_read_at < timedelta(seconds=5)


def test_the_informations_page_has_an_empty_state(client, teacher):
    assert "Aucune information pour le moment." in _page(client, teacher).content.decode()


def test_the_informations_page_is_open_to_people_without_structure(client, db):
    newcomer = UserFactory(structure=None)
    InformationMessageFactory(content_fr="<p>Bienvenue à tous</p>")
    response = _page(client, newcomer)
    assert response.status_code == 200
    assert "Bienvenue à tous" in response.content.decode()


# session, user, user's structure, messages, last_info_read_at UPDATE, bell count, back-office check (is_staff)
INFORMATIONS_PAGE_QUERIES = 7


def test_the_informations_page_is_in_constant_queries(client, tree, teacher, django_assert_num_queries):
    client.force_login(teacher)
    InformationMessageFactory(structure=tree.lyon)
    client.get(reverse("informations"))  # warms the site settings' cache
    with django_assert_num_queries(INFORMATIONS_PAGE_QUERIES):
        response = client.get(reverse("informations"))
    assert response.content.decode().count("<article") == 1
    InformationMessageFactory.create_batch(30)
    InformationMessageFactory.create_batch(30, structure=tree.ampere)
    with django_assert_num_queries(INFORMATIONS_PAGE_QUERIES):
        response = client.get(reverse("informations"))
    assert response.content.decode().count("<article") == 61


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(reverse("informations"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("signin"))


# --- landing on "/" ---


def _landing(rf, user):
    request = rf.get("/")
    request.user = user
    return unread_informations(request)


def test_landing_goes_to_informations_when_a_message_was_never_read(rf, teacher):
    InformationMessageFactory()
    assert _landing(rf, teacher) == reverse("informations")


def test_landing_goes_to_informations_when_a_message_is_newer_than_the_last_visit(rf, tree, teacher):
    teacher.last_info_read_at = ago(2)
    InformationMessageFactory(structure=tree.rhone, published_at=ago(1))
    assert _landing(rf, teacher) == reverse("informations")


def test_landing_does_not_go_to_informations_when_everything_was_read(rf, teacher):
    InformationMessageFactory(published_at=ago(3))
    teacher.last_info_read_at = ago(2)
    assert _landing(rf, teacher) is None


def test_landing_ignores_messages_one_does_not_see_and_expired_ones(rf, tree, teacher):
    InformationMessageFactory(structure=tree.grenoble)
    InformationMessageFactory(published_at=ago(5), expires_at=ago(1))
    assert _landing(rf, teacher) is None


def test_landing_without_any_message_is_none(rf, teacher):
    assert _landing(rf, teacher) is None


def test_editing_without_republishing_does_not_send_readers_back(rf, tree, teacher):
    message = InformationMessageFactory(structure=tree.lyon, published_at=ago(3))
    teacher.last_info_read_at = ago(2)
    message.content_fr = "<p>Corrigé</p>"
    message.save()
    assert _landing(rf, teacher) is None


def test_home_redirects_to_informations_then_not_after_the_visit(client, teacher):
    InformationMessageFactory()
    client.force_login(teacher)
    assert client.get("/").url == reverse("informations")
    client.get(reverse("informations"))
    response = client.get("/")
    assert getattr(response, "url", None) != reverse("informations")
