"""The back office runs on the portal's admin site, installed as Django's documented ``default_site``."""

import pytest
from django.apps import apps
from django.contrib import admin

from portal.core.admin_site import PortalAdminSite

pytestmark = pytest.mark.django_db


def test_admin_site_is_the_portals_through_the_app_config():
    assert apps.get_app_config("admin").default_site == "portal.core.admin_site.PortalAdminSite"
    assert isinstance(admin.site, PortalAdminSite)


def test_the_index_shows_the_portals_titles(client, global_admin):
    client.force_login(global_admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response.context["site_header"] == "Administration du portail"
