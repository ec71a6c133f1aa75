"""In a real browser at 1280 px: the services' back-office table fits the page (issue #9 point 10)."""

import pytest
from django.test import Client

from apps_catalog.factories import CategoryFactory, ServiceFactory
from portal.structures.factories import StructureFactory
from tests.browser.conftest import chromium  # noqa: F401 - the shared headless Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_services_table_fits_a_1280_px_screen(live_server, chromium, global_admin):  # noqa: F811
    structure = StructureFactory(name="Direction des services départementaux de l'éducation nationale du Rhône")
    categories = [CategoryFactory(name=f"Catégorie de services numériques numéro {index}") for index in range(6)]
    for index in range(12):
        ServiceFactory(
            title=f"Service de visioconférence et de classes virtuelles pour les établissements {index}",
            structure=structure if index % 2 else None,
            categories=categories[:2],
        )
    client = Client()
    client.force_login(global_admin)
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/apps_catalog/service/")
    assert page.locator("#result_list tbody tr").count() == 12
    widths = page.evaluate(
        "({page: document.documentElement.scrollWidth, window: window.innerWidth,"
        " results: document.querySelector('#changelist .results').clientWidth,"
        " table: document.querySelector('#result_list').scrollWidth})"
    )
    assert widths["page"] <= widths["window"], widths
    assert widths["table"] <= widths["results"], widths  # no column cut off nor scrolled sideways
