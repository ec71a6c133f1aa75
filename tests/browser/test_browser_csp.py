"""In Chromium: no page of the portal breaks the Content Security Policy (no blocked script, style or image), the
pages' scripts still run, and the back office and the API docs still work under it (issue #9 point 17)."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from apps_catalog.factories import ServiceFactory
from groups.factories import GroupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(browser, live_server, person=None):
    context = browser.new_context(locale="fr-FR")
    if person is not None:
        client = Client()
        client.force_login(person)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append((page.url, message.text)),
    )
    return page, violations


def _visit(page, live_server, path):
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200, path
    page.wait_for_load_state("networkidle")


def test_the_pages_of_a_teacher_break_no_policy(live_server, chromium, teacher, settings):
    settings.DEV_SIGNIN_ENABLED, settings.OIDC_ENABLED = True, False
    ServiceFactory(title="Nuage")
    group = GroupFactory(name="Philosophie")
    teacher.nclocator = "nc1.exemple.fr"
    teacher.save()

    anonymous, anonymous_violations = _page(chromium, live_server)
    for path in ("/signin/", "/signin/dev/", "/legal/legal-notice/"):
        _visit(anonymous, live_server, path)
    assert anonymous_violations == []

    page, violations = _page(chromium, live_server, teacher)
    for path in ("/personal/", "/services/", "/bookmarks/", "/groups/", f"/groups/{group.slug}/", "/notifications/"):
        _visit(page, live_server, path)
    _visit(page, live_server, "/profile/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("[data-copy-target]").first.click()  # the profile's nonce-carrying script runs
    expect(page.locator("#federation-copied")).to_be_visible()
    assert violations == []


def test_the_back_office_and_the_api_docs_break_no_policy(live_server, chromium, global_admin):
    page, violations = _page(chromium, live_server, global_admin)
    for path in ("/admin/", "/admin/users/user/", "/admin/structures/structure/", "/api/v1/docs/"):
        _visit(page, live_server, path)
    expect(page.locator(".swagger-ui .info")).to_be_visible()  # Swagger UI rendered by its static script
    assert violations == []
