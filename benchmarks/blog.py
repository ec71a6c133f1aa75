"""Benchmark of the blog on PostgreSQL: public pages over many articles, as ratios to the cheapest page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/blog.py --people 100000

``--people`` (the benchmarks' shared option) is the number of **articles** here (10,000 by default; the issue asks
for 100,000). It creates its own database (``portal_bench_blog``, dropped at the end unless ``--keep-db``), builds
an académie of 50 districts and 5,000 schools plus a second académie, 2,000 authors in the schools, 40 tags and the
articles (90 % public, the rest portal or groups, 2 tags each, spread over the schools), ANALYZEs, then measures
with an anonymous client: the blog home and its 50th page, a search, a search within a tag, the académie page
(aggregating its 5,000-school subtree), a school page, an article page, the RSS and Atom feeds of the blog and of
the académie, and the sitemap; the cheapest page is "Mon espace" of a signed-in person whose space is empty (as in
benchmarks/catalogue.py). Medians of several runs; the machine is shared and noisy, so compare the ratios.
"""

import random

from _django_bench import median_of, run_benchmark

RUNS = 7


def build(articles):
    from django.db import connection
    from django.utils import timezone

    from blog.models import Article, Tag
    from groups.models import Group
    from portal.core.text import fold
    from portal.structures.models import Structure
    from portal.users.models import User

    rng = random.Random(42)
    academie = Structure.objects.create(name="Académie de Lyon")
    Structure.objects.create(name="Académie de Grenoble")
    districts = [Structure.objects.create(name=f"DSDEN {index}", parent=academie) for index in range(50)]
    for district in districts:
        Structure.objects.bulk_create(
            Structure(name=f"École {district.pk}-{index}", parent=district, path="", depth=2) for index in range(100)
        )
    with connection.cursor() as cursor:  # bulk_create skips save(): the paths of the schools in one statement
        cursor.execute(
            "UPDATE structures_structure s SET path = p.path || s.id || '/' FROM structures_structure p "
            "WHERE s.parent_id = p.id AND s.path = ''"
        )
    schools = list(Structure.objects.filter(depth=2).values_list("pk", flat=True))
    User.objects.bulk_create(
        User(
            username=f"auteur{index}",
            first_name=f"Prénom{index}",
            last_name=f"Nom{index:05d}",
            email=f"auteur{index}@ac-lyon.fr",
            is_active=True,
            structure_id=schools[index % len(schools)],
        )
        for index in range(2_000)
    )
    authors = list(User.objects.values_list("pk", "structure_id"))
    tags = Tag.objects.bulk_create(Tag(name=f"étiquette {index}") for index in range(40))
    group = Group.objects.create(name="Groupe ouvert", slug="groupe-ouvert", type="open")
    now = timezone.now()
    words = [
        "Sortie",
        "musée",
        "projet",
        "classe",
        "sciences",
        "théâtre",
        "radio",
        "potager",
        "lecture",
        "mathématiques",
    ]
    batch = 10_000
    for start in range(0, articles, batch):
        rows = []
        for number in range(start, min(start + batch, articles)):
            author_id, structure_id = authors[number % len(authors)]
            title = f"{rng.choice(words)} {rng.choice(words)} {number}"
            summary = f"Un article sur {rng.choice(words)} et {rng.choice(words)}."
            draw = rng.random()
            visibility = "public" if draw < 0.9 else ("portal" if draw < 0.95 else "groups")
            rows.append(
                Article(
                    title=title,
                    slug=f"article-{number}",
                    author_id=author_id,
                    structure_id=structure_id,
                    content="Texte **riche**.",
                    content_html="<p>Texte <strong>riche</strong>.</p>",
                    summary=summary,
                    search_text=fold(f"{title} {summary}"),
                    visibility=visibility,
                    is_draft=False,
                    published_at=now - timezone.timedelta(minutes=number),
                )
            )
        created = Article.objects.bulk_create(rows)
        Article.tags.through.objects.bulk_create(
            Article.tags.through(article_id=article.pk, tag_id=tags[(article.pk + shift) % len(tags)].pk)
            for article in created
            for shift in (0, 7)
        )
        Article.groups.through.objects.bulk_create(
            Article.groups.through(article_id=article.pk, group_id=group.pk)
            for article in created
            if article.visibility == "groups" or article.pk % 50 == 0
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return academie, Structure.objects.get(pk=schools[0]), tags[3]


def run(articles):
    from django.test import Client
    from django.urls import reverse

    from blog.models import Article
    from portal.users.models import User

    academie, school, tag = build(articles)
    print(f"  {Article.objects.count():,} articles, 5,000 schools under one académie, 2,000 authors\n")
    reader = User.objects.create(username="lecteur", first_name="Lise", last_name="Lecteur", is_active=True,
                                 structure=academie)  # fmt: skip
    signed_in = Client()
    signed_in.force_login(reader)
    anonymous = Client()
    anonymous.get(reverse("blog:home"))  # warms the site settings cache
    article = Article.objects.filter(visibility="public").order_by("-published_at").first()
    pages = [
        ("blog home", reverse("blog:home")),
        ("blog home, page 50", reverse("blog:home") + "?page=50"),
        ("search 'musee'", reverse("blog:home") + "?q=musee"),
        ("search 'musee' in a tag", reverse("blog:home") + f"?q=musee&tag={tag.pk}"),
        ("académie page (5,000-school subtree)", reverse("blog:structure", args=[academie.pk])),
        ("school page", reverse("blog:structure", args=[school.pk])),
        ("article page", article.get_absolute_url()),
        ("RSS, whole blog", reverse("blog:all_rss")),
        ("Atom, académie subtree", reverse("blog:structure_atom", args=[academie.pk])),
        ("sitemap.xml (5,000 per page, cached 10 min)", "/sitemap.xml"),
    ]
    from django.core.cache import cache

    cache.clear()
    ms, statements = median_of(1, lambda: anonymous.get("/sitemap.xml"))
    print(f"sitemap.xml, first rendering (not cached): {ms:,.0f} ms, {statements} SQL")
    cheapest = median_of(RUNS, lambda: signed_in.get("/personal/"))
    results = [("cheapest page: Mon espace, empty (signed in)", cheapest)]
    for label, url in pages:
        response = anonymous.get(url)
        assert response.status_code == 200, (url, response.status_code)
        results.append((label, median_of(RUNS, lambda url=url: anonymous.get(url))))
    print(f"{'page':<48} {'median ms':>10} {'ratio':>7} {'SQL':>5}")
    for label, (milliseconds, statements) in results:
        print(f"{label:<48} {milliseconds:>10.1f} {milliseconds / cheapest[0]:>7.2f} {statements:>5}")


if __name__ == "__main__":
    run_benchmark("blog benchmark", __doc__.split("\n\n")[0], "portal_bench_blog", run)
