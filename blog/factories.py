"""factory_boy factories for articles and tags (the tests and the demo use them).

Factories write rows directly (no rule is checked); ``content_html`` and ``search_text`` are filled as the
services would fill them.
"""

import factory
from django.utils import timezone

from portal.core.text import fold

from .models import Article, Tag
from .rendering import render_markdown


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"étiquette {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published public article; ``ArticleFactory(is_draft=True)`` gives a draft (no slug, no date)."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article {n}")
    author = factory.SubFactory("portal.users.factories.UserFactory")
    structure = factory.LazyAttribute(lambda article: article.author.structure)
    content = "Un **projet** de classe."
    content_html = factory.LazyAttribute(lambda article: render_markdown(article.content))
    summary = "Un résumé"
    search_text = factory.LazyAttribute(lambda article: fold(f"{article.title} {article.summary}"))
    visibility = Article.Visibility.PUBLIC
    is_draft = False
    slug = factory.LazyAttributeSequence(lambda article, n: None if article.is_draft else f"article-{n}")
    published_at = factory.LazyAttribute(lambda article: None if article.is_draft else timezone.now())

    @factory.post_generation
    def tags(self, create, tags, **kwargs):
        if create and tags:
            self.tags.set(tags)

    @factory.post_generation
    def groups(self, create, groups, **kwargs):
        if create and groups:
            self.groups.set(groups)
