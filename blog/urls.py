from django.urls import path

from . import feeds
from .views import portal, public, writing
from .views.common import public_page

app_name = "blog"


def _feed_paths(prefix, name, feed_class, converter=""):
    """RSS and Atom addresses of one feed (public pages, like the blog)."""
    return [
        path(f"{prefix}{converter}rss/", public_page(feed_class()), name=f"{name}_rss"),
        path(f"{prefix}{converter}atom/", public_page(feeds.atom(feed_class)()), name=f"{name}_atom"),
    ]


urlpatterns = [
    # The public blog
    path("", public.home, name="home"),
    path("articles/<slug:slug>/", public.article, name="article"),
    path("authors/", public.authors, name="authors"),
    path("authors/<int:pk>/", public.author, name="author"),
    path("structures/", public.structures, name="structures"),
    path("structures/<int:pk>/", public.structure, name="structure"),
    path("groups/<slug:slug>/", public.group, name="group"),
    path("tags/<int:pk>/", public.tag, name="tag"),
    *_feed_paths("feed/", "all", feeds.ArticlesFeed),
    *_feed_paths("authors/", "author", feeds.AuthorFeed, "<int:pk>/"),
    *_feed_paths("structures/", "structure", feeds.StructureFeed, "<int:pk>/"),
    *_feed_paths("groups/", "group", feeds.GroupFeed, "<slug:slug>/"),
    *_feed_paths("tags/", "tag", feeds.TagFeed, "<int:pk>/"),
    # Writing (signed in)
    path("mine/", writing.mine, name="mine"),
    path("new/", writing.editor, name="new"),
    path("edit/<int:pk>/", writing.editor, name="edit"),
    path("preview/", writing.preview, name="preview"),
    path("images/", writing.upload_image, name="upload_image"),
    path("tag-suggestions/", writing.tag_suggestions, name="tag_suggestions"),
    path("manage/<int:pk>/<slug:name>/", writing.action, name="action"),
    path("backup/", portal.download_backup, name="backup"),
    path("restore/", portal.restore_backup, name="restore"),
    # In the portal's groups
    path("in-group/<slug:slug>/", portal.group_articles, name="group_articles"),
    path("in-group/<slug:slug>/detach/<int:pk>/", portal.detach, name="detach"),
]
