"""The demo articles: every visibility, groups of each kind, tags and licences; idempotent."""

import io
from types import SimpleNamespace

import pytest

from blog import demo as blog_demo
from blog.models import Article
from groups import demo as groups_demo
from portal.structures import demo as structures_demo
from portal.users import demo as users_demo

pytestmark = pytest.mark.django_db


def _seed():
    command = SimpleNamespace(stdout=io.StringIO())
    for demo in (structures_demo, users_demo, groups_demo, blog_demo):
        demo.seed(command)


def test_the_demo_has_every_visibility_and_is_idempotent():
    _seed()
    first = sorted(Article.objects.values_list("title", "author__username", "visibility", "is_draft"))
    _seed()
    assert sorted(Article.objects.values_list("title", "author__username", "visibility", "is_draft")) == first
    assert len(first) == blog_demo.TOTAL
    assert set(Article.objects.values_list("visibility", flat=True)) == set(Article.Visibility.values)
    assert {"open", "moderated", "closed"} <= set(Article.objects.values_list("groups__type", flat=True))
    assert Article.objects.filter(is_draft=True).exists() and Article.objects.exclude(licence="").exists()
    assert Article.objects.filter(structure__depth__gte=2).exists()
