"""``/sitemap.xml`` at the site root (mounted from ``portal/urls.py``): the public articles."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps.views import sitemap
from django.urls import path

from .sitemaps import sitemaps

urlpatterns = [
    path(
        "sitemap.xml",
        login_not_required(sitemap),
        {"sitemaps": sitemaps, "template_name": "blog/sitemap.xml"},
        name="sitemap",
    ),
]
