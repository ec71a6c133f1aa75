"""Who may do what on articles and tags. Views, the API, the admin and the services ask here.

- Only the author edits, publishes or re-attaches their article (LaBoîte let any active person edit any article).
- Moderators, the global admins and the structure admins of the article's structure subtree, may unpublish or
  delete it (the service then tells the author why).
- A group's admins may detach an article from their group.
- Seeing an article: drafts only by their author; published ones according to ``visibility`` (public: anyone,
  portal: active accounts, groups: the members of its groups, and its moderators). ``selectors.visible_articles``
  is the same rule as a query.
- Tags: any active person creates one; only global admins rename, merge or delete them.
Deny by default: an ability missing from a dict is false.
"""

from portal.core.abilities import is_active_user, is_global_admin
from portal.structures.abilities import covers_path

from .models import Article


def is_moderator(user, article) -> bool:
    """Global admin, or admin of the article's structure or one of its ancestors."""
    if not is_active_user(user):
        return False
    if is_global_admin(user):
        return True
    return article.structure_id is not None and covers_path(user, article.structure.path)


def reads_groups_of(user, article) -> bool:
    """Reads the members-only content of one of the article's groups (cached: selectors annotate ``in_my_groups``)."""
    if not is_active_user(user) or article.pk is None:
        return False
    cached = article.__dict__.get("in_my_groups")
    if cached is None:
        from groups.selectors import member_content_group_ids

        cached = article.groups.filter(pk__in=member_content_group_ids(user)).exists()
        article.__dict__["in_my_groups"] = cached
    return bool(cached)


def is_group_restricted(article) -> bool:
    """Published to groups, none of them open: then only their members see it, whatever its visibility
    (cached: selectors annotate ``group_restricted``)."""
    if article.pk is None:
        return False
    cached = article.__dict__.get("group_restricted")
    if cached is None:
        from django.db.models import Count, Q

        from groups.selectors import open_group_ids

        counts = article.groups.aggregate(total=Count("pk"), open=Count("pk", filter=Q(pk__in=open_group_ids())))
        cached = counts["total"] > 0 and counts["open"] == 0
        article.__dict__["group_restricted"] = cached
    return bool(cached)


def can_view(user, article) -> bool:
    active = is_active_user(user)
    if active and article.author_id == user.pk:
        return True
    if article.is_draft:
        return False
    if article.visibility == Article.Visibility.PUBLIC and not is_group_restricted(article):
        return True
    if not active:
        return False
    if article.visibility == Article.Visibility.PORTAL and not is_group_restricted(article):
        return True
    return reads_groups_of(user, article) or is_moderator(user, article)


def get_article_abilities(user, article) -> dict[str, bool]:
    active = is_active_user(user)
    author = active and article.author_id == user.pk
    view = can_view(user, article)
    moderator = view and is_moderator(user, article)
    published = not article.is_draft
    return {
        "view": view,
        "update": author,
        "publish": author and article.is_draft,
        "unpublish": published and (author or moderator),
        "delete": author or moderator,
        "reattach": author,
        # The visit counter: neither the author nor anonymous bots (checked by the view) count.
        "count_visit": view and published and not author,
    }


def can_detach(user, group_abilities) -> bool:
    """A group's admins may take an article out of their group."""
    return is_active_user(user) and bool(group_abilities.get("administer"))


def can_write_articles(user) -> bool:
    return is_active_user(user)


def can_create_tag(user) -> bool:
    return is_active_user(user)


def get_tag_abilities(user, tag) -> dict[str, bool]:
    admin = is_global_admin(user)
    return {"view": True, "update": admin, "merge": admin, "delete": admin}
