"""The sitemap lists the public articles (``/sitemap.xml`` at the site root)."""

from django.contrib.sitemaps import Sitemap

from . import selectors


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return selectors.public_articles().only("pk", "slug", "updated_at").order_by("-published_at", "-pk")

    def lastmod(self, article):
        return article.updated_at


sitemaps = {"articles": ArticleSitemap}
