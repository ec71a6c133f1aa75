"""In a real browser: "Mon espace" rearranged with the keyboard and with the mouse, saved without a reload, found
as left after a reload; the search box filters it."""

import pytest
from django.db.models import F
from django.test import Client
from playwright.sync_api import expect

from apps_catalog import services
from apps_catalog.factories import ServiceFactory
from apps_catalog.models import SpaceItem
from tests.browser.conftest import chromium  # noqa: F401 - the shared headless Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _layout(person):
    unsorted_first = F("zone__position").asc(nulls_first=True)  # the same order on SQLite and PostgreSQL
    items = SpaceItem.objects.filter(user=person).select_related("zone").order_by(unsorted_first, "position")
    return [(item.zone.name if item.zone else None, item.object_id) for item in items]


def _signed_in_page(browser, live_server, person):
    client = Client()
    client.force_login(person)
    context = browser.new_context(locale="fr-FR")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_rearrange_with_keyboard_and_mouse_then_reload(live_server, chromium, teacher):  # noqa: F811
    nuage, tube, pod = (ServiceFactory(title=title) for title in ("Nuage", "Tube", "Pod"))
    teacher.advanced_space = True
    teacher.save()
    services.save_space(
        teacher,
        {
            "zones": [
                {"name": "Travail", "items": [{"kind": "service", "id": nuage.pk}, {"kind": "service", "id": tube.pk}]},
                {"name": "Loisirs", "items": []},
            ],
            "unsorted": [{"kind": "service", "id": pod.pk}],
        },
    )
    page = _signed_in_page(chromium, live_server, teacher)
    page.goto(f"{live_server.url}/personal/")
    status = page.locator("#space-status")
    page.get_by_role("button", name="Organiser mon espace").click()

    # Keyboard: "Descendre « Nuage »" with Enter; the focus stays on the moved item's button.
    down = page.get_by_role("button", name="Descendre « Nuage »")
    down.focus()
    page.keyboard.press("Enter")
    expect(status).to_have_text("Enregistré.")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Descendre « Nuage »"
    assert _layout(teacher) == [(None, pod.pk), ("Travail", tube.pk), ("Travail", nuage.pk)]

    # Keyboard: "Déplacer « Tube » vers une autre zone" → Loisirs.
    page.get_by_label("Déplacer « Tube » vers une autre zone").select_option(label="Loisirs")
    expect(status).to_have_text("Enregistré.")
    assert _layout(teacher) == [(None, pod.pk), ("Travail", nuage.pk), ("Loisirs", tube.pk)]

    # Mouse: drag Pod (unsorted) onto Nuage: it lands before Nuage, in "Travail".
    page.locator(f'.space-card[data-id="{pod.pk}"]').drag_to(page.locator(f'.space-card[data-id="{nuage.pk}"]'))
    expect(status).to_have_text("Enregistré.")
    assert _layout(teacher) == [("Travail", pod.pk), ("Travail", nuage.pk), ("Loisirs", tube.pk)]

    # A new zone, then collapse it: saved as well.
    page.get_by_label("Nouvelle zone").fill("Projets")
    page.get_by_role("button", name="Ajouter la zone").click()
    expect(status).to_have_text("Enregistré.")

    # Reload: the space is as left.
    page.reload()
    titles = page.locator(".space-zone").evaluate_all(
        "zones => zones.map(z => [z.querySelector('h2').textContent.trim(),"
        " [...z.querySelectorAll('.space-card__title')].map(t => t.textContent.trim())])"
    )
    assert titles == [["Travail", ["Pod", "Nuage"]], ["Loisirs", ["Tube"]], ["Projets", []]]

    # The search box filters the cards as one types (accents and case ignored).
    page.get_by_role("searchbox", name="Filtrer mon espace").fill("NUÀGE")
    expect(page.locator(".space-card:visible")).to_have_count(1)
    expect(page.locator(".space-card:visible")).to_contain_text("Nuage")


def test_simple_mode_moves_within_a_section_with_the_keyboard(live_server, chromium, teacher):  # noqa: F811
    nuage, tube = ServiceFactory(title="Nuage"), ServiceFactory(title="Tube")
    services.add_to_space(teacher, "service", nuage.pk)
    services.add_to_space(teacher, "service", tube.pk)
    page = _signed_in_page(chromium, live_server, teacher)
    page.goto(f"{live_server.url}/personal/")
    page.get_by_role("button", name="Organiser mon espace").click()
    page.get_by_role("button", name="Monter « Tube »").press("Enter")
    expect(page.locator("#space-status")).to_have_text("Enregistré.")
    assert _layout(teacher) == [(None, tube.pk), (None, nuage.pk)]
    page.reload()
    expect(page.locator(".space-card__title")).to_have_text(["Tube", "Nuage"])


def test_a_structure_admin_composes_the_default_space_and_applies_it(live_server, chromium, lyon_admin, teacher, tree):  # noqa: F811
    nuage = ServiceFactory(title="Nuage")
    services.start_personal_spaces([teacher.pk])  # the teacher has signed in once: "apply to everyone" reaches them
    page = _signed_in_page(chromium, live_server, lyon_admin)
    page.goto(f"{live_server.url}/personal/default-spaces/{tree.lyon.pk}/")
    status = page.locator("#space-status")
    expect(page.get_by_text("Cet espace par défaut est vide")).to_be_visible()
    page.get_by_label("Nouvelle zone").fill("Travailler ensemble")
    page.get_by_role("button", name="Ajouter la zone").click()
    expect(status).to_have_text("Enregistré.")
    page.get_by_label("Service", exact=True).select_option(label="Nuage")
    page.get_by_role("button", name="Ajouter le service").click()
    expect(status).to_have_text("Enregistré.")
    from apps_catalog.models import DefaultSpace

    assert DefaultSpace.objects.get(structure=tree.lyon).layout == [
        {"name": "Travailler ensemble", "is_expanded": True, "items": [{"kind": "service", "id": nuage.pk}]}
    ]
    page.reload()
    page.get_by_role("button", name="Appliquer à toutes les personnes de la structure").click()
    expect(page.locator("#apply-progress-text")).to_have_text("Terminé : 2 personnes sur 2.")
    assert _layout(teacher) == [("Travailler ensemble", nuage.pk)]
