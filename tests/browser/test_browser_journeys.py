"""Two whole journeys in Chromium (issue #9 point 21): a teacher and an académie admin, each through the pages a
person uses, with the keyboard where it matters."""

import re

import pytest
from playwright.sync_api import expect

from apps_catalog import services as catalog_services
from apps_catalog.factories import ServiceFactory
from apps_catalog.models import Service
from groups import services as group_services
from groups.factories import GroupFactory, MembershipFactory
from groups.models import Group, Membership
from portal.users.factories import UserFactory
from portal.users.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dev_signin(settings):
    settings.DEV_SIGNIN_ENABLED, settings.OIDC_ENABLED = True, False


def _signed_in(browser, live_server, username):
    """A new browser whose person signs in with one click on the dev sign-in page."""
    page = browser.new_context(locale="fr-FR").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/signin/dev/")
    page.get_by_role("button", name=f"Se connecter — {username}").click()
    expect(page).not_to_have_url(re.compile(r"/signin/"))
    return page


def test_a_teacher_organises_joins_reads_switches_to_english_and_signs_out(live_server, chromium, dev_signin, teacher):
    nuage, tube = ServiceFactory(title="Nuage"), ServiceFactory(title="Tube")
    teacher.advanced_space = True
    teacher.save()
    catalog_services.save_space(
        teacher,
        {
            "zones": [
                {"name": "Travail", "items": [{"kind": "service", "id": nuage.pk}, {"kind": "service", "id": tube.pk}]}
            ],
            "unsorted": [],
        },
    )
    moderator = UserFactory(structure=teacher.structure)
    group = GroupFactory(name="Philosophie", type=Group.Type.MODERATED, owner=moderator)
    MembershipFactory(group=group, user=moderator, role=Membership.Role.ADMIN)

    page = _signed_in(chromium, live_server, teacher.username)

    # Organise the space with the keyboard: "Descendre « Nuage »" with Enter, saved without a reload.
    page.goto(f"{live_server.url}/personal/")
    page.get_by_role("button", name="Organiser mon espace").click()
    page.get_by_role("button", name="Descendre « Nuage »").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#space-status")).to_have_text("Enregistré.")

    # Ask to join a moderated group; its admin accepts.
    page.goto(f"{live_server.url}/groups/{group.slug}/")
    page.get_by_role("button", name="Demander à rejoindre").click()
    assert Membership.objects.get(group=group, user=teacher).role == Membership.Role.CANDIDATE
    group_services.accept_candidate(moderator, group, teacher)

    # The notification says so; the person opens it and lands on the group.
    page.goto(f"{live_server.url}/notifications/?tab=informations")
    notice = page.get_by_text(re.compile(r"Votre demande pour rejoindre le groupe .*Philosophie.* a été acceptée"))
    expect(notice.first).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Ouvrir")).first.click()
    expect(page).to_have_url(re.compile(rf"/groups/{group.slug}/"))

    # English, then sign out.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert User.objects.get(pk=teacher.pk).language == "en"
    page.get_by_role("button", name="Sign out").first.click()
    leave = page.get_by_role("button", name="Leave the portal only")
    if leave.count():
        leave.click()
    expect(page).to_have_url(re.compile(r"/signin/"))
    page.goto(f"{live_server.url}/personal/")
    expect(page).to_have_url(re.compile(r"/signin/\?next=/personal/"))


def test_an_academie_admin_validates_adds_a_service_and_stays_in_their_academie(
    live_server, chromium, dev_signin, tree, lyon_admin, teacher
):
    waiting = UserFactory(username="en.attente", last_name="Attente", structure=tree.moulin, is_active=False)
    grenoble_teacher = UserFactory(username="prof.grenoble", structure=tree.champollion)
    page = _signed_in(chromium, live_server, lyon_admin.username)

    # The back office opens on what they may manage.
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("link", name=re.compile("Utilisateurs")).first).to_be_visible()
    # The index names the académie they administer and what waits for them (the pending account below).
    expect(page.locator("#portal-summary")).to_contain_text(tree.lyon.name)
    expect(page.locator("#portal-summary")).not_to_contain_text("Rien n'attend votre décision")

    # Validate the pending account with the list's action.
    page.goto(f"{live_server.url}/admin/users/user/?q=en.attente")
    page.locator(f'input[name="_selected_action"][value="{waiting.pk}"]').check()
    page.locator('select[name="action"]').select_option("activate")
    page.locator('button[name="index"]').click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert User.objects.get(pk=waiting.pk).is_active

    # Add a service for their académie.
    page.goto(f"{live_server.url}/admin/apps_catalog/service/add/")
    page.fill("#id_title", "Pronote Lyon")
    page.fill("#id_slug", "pronote-lyon")
    page.locator("#id_structure").select_option(value=str(tree.lyon.pk))
    page.fill("#id_url", "https://pronote.example.fr")
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert Service.objects.get(title="Pronote Lyon").structure_id == tree.lyon.pk

    # Another académie's person is out of reach, even by URL.
    page.goto(f"{live_server.url}/admin/users/user/{grenoble_teacher.pk}/change/")
    expect(page.get_by_text("prof.grenoble")).to_have_count(0)

    # One of their teachers sees the new service on "Ma structure".
    teacher_page = _signed_in(chromium, live_server, teacher.username)
    teacher_page.goto(f"{live_server.url}/structure/")
    expect(teacher_page.get_by_text("Pronote Lyon").first).to_be_visible()
