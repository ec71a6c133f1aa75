"""RSS 2.0 and Atom feeds of the public blog (Django's syndication framework): the whole blog, a structure with its
subtree, an author, a tag and an open group. Public articles only (``selectors.public_articles``); each feed is a
constant number of queries (rows, then their tags)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from portal.structures.models import Structure

from . import selectors
from .models import Tag

FEED_SIZE = 30


class ArticlesFeed(Feed):
    """The whole blog; subclasses narrow ``articles(obj)`` and name the feed."""

    feed_type = Rss201rev2Feed

    def title(self, obj=None):
        return _("Publications — les derniers articles")

    def description(self, obj=None):
        return _("Les articles publics des personnels de l'Éducation nationale.")

    def link(self, obj=None):
        return reverse("blog:home")

    def articles(self, obj):
        return selectors.public_articles()

    def items(self, obj=None):
        return selectors.for_listing(self.articles(obj))[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.content_html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"article-{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return item.author.get_full_name()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class StructureFeed(ArticlesFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Structure, pk=pk)

    def title(self, obj=None):
        return _("Publications — %(name)s") % {"name": obj.name}

    def link(self, obj=None):
        return reverse("blog:structure", args=[obj.pk])

    def articles(self, obj):
        return selectors.in_subtree(selectors.public_articles(), obj)


class AuthorFeed(ArticlesFeed):
    def get_object(self, request, pk):
        person = selectors.public_author(pk)
        if person is None:
            raise Http404
        return person

    def title(self, obj=None):
        return _("Publications — %(name)s") % {"name": obj.get_full_name()}

    def link(self, obj=None):
        return reverse("blog:author", args=[obj.pk])

    def articles(self, obj):
        return selectors.public_articles().filter(author_id=obj.pk)


class TagFeed(ArticlesFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Tag, pk=pk)

    def title(self, obj=None):
        return _("Publications — %(name)s") % {"name": obj.name}

    def link(self, obj=None):
        return reverse("blog:tag", args=[obj.pk])

    def articles(self, obj):
        return selectors.public_articles().filter(tags=obj)


class GroupFeed(ArticlesFeed):
    def get_object(self, request, slug):
        from groups.selectors import open_group

        group = open_group(slug)
        if group is None:
            raise Http404
        return group

    def title(self, obj=None):
        return _("Publications — %(name)s") % {"name": obj.display_name}

    def link(self, obj=None):
        return reverse("blog:group", args=[obj.slug])

    def articles(self, obj):
        return selectors.public_articles().filter(groups=obj)


def atom(feed_class):
    """The Atom version of a feed class."""
    return type(
        f"Atom{feed_class.__name__}", (feed_class,), {"feed_type": Atom1Feed, "subtitle": feed_class.description}
    )
