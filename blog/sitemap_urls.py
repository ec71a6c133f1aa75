"""``/sitemap.xml`` at the site root (mounted from ``portal/urls.py``): the public articles."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.cache import cache_page

from .sitemaps import sitemaps

SITEMAP_CACHE_SECONDS = 600

urlpatterns = [
    path(
        "sitemap.xml",
        # Thousands of addresses per page: rendered once every 10 minutes at most.
        login_not_required(cache_page(SITEMAP_CACHE_SECONDS)(sitemap)),
        {"sitemaps": sitemaps, "template_name": "blog/sitemap.xml"},
        name="sitemap",
    ),
]
