"""Benchmark of the bio cards on PostgreSQL: the search and the card page over many published cards.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/bio.py --people 100000

It creates its own database (``portal_bench_bio``, dropped at the end unless ``--keep-db``), migrates it, builds a
tree (two académies, districts, schools) and N people (100,000 by default) with a published card each (three
skills out of 300, shared, a link; every visibility mix), then measures, signed in and anonymous, the median time
and the SQL statements of: the search page without a query, with a frequent and a rare name, with a ``#skill``,
with a structure filter (its subtree), the API search, a card page and its vCard; each as a ratio to the cheapest
page (the legal notice, a plain template page). Target: constant queries, whatever N.
"""

import random

from _common import FIRST_NAMES, SURNAMES
from _django_bench import median_of, run_benchmark

RUNS = 7
SKILLS = 300
VISIBILITIES = ("public", "staff", "hidden")


def build(people):
    from portal.bio.models import Card, Link, Skill, build_card_search_text
    from portal.core.text import fold
    from portal.structures.models import Structure
    from portal.users.models import User, build_search_text

    rng = random.Random(42)
    lyon = Structure.objects.create(name="Académie de Lyon")
    grenoble = Structure.objects.create(name="Académie de Grenoble")
    districts = [
        Structure.objects.create(name=f"DSDEN {index}", parent=parent)
        for index, parent in enumerate((lyon, lyon, grenoble))
    ]
    schools = [Structure.objects.create(name=f"Lycée {d.pk}-{i}", parent=d) for d in districts for i in range(10)]
    batch = 10_000
    for start in range(0, people, batch):
        users = []
        for index in range(start, min(people, start + batch)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            username = f"{fold(first)}.{fold(last)}{index}".replace(" ", "-")
            email = f"{username}@ac-lyon.fr"
            users.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=email,
                    is_active=True,
                    structure=schools[index % len(schools)],
                    search_text=build_search_text(username, email, first, last),
                )
            )
        User.objects.bulk_create(users)
    skills = Skill.objects.bulk_create(
        Skill(name=name, folded=fold(name))
        for name in ["Robotique", "Moodle", "Théâtre"] + [f"Compétence {index}" for index in range(SKILLS - 3)]
    )
    through = Card.skills.through
    for start in range(0, people, batch):
        users = list(
            User.objects.order_by("pk")[start : start + batch].only("pk", "username", "first_name", "last_name")
        )
        cards = Card.objects.bulk_create(
            Card(
                user=user,
                public_name=user.username.replace(".", "-").replace("'", "")[:50],
                published=True,
                checked=True,
                headline="Professeur",
                headline_visibility=rng.choice(VISIBILITIES),
                biography="Une **biographie**.",
                biography_visibility=rng.choice(VISIBILITIES),
                skills_visibility=rng.choice(VISIBILITIES[:2]),
                structure_visibility=rng.choice(VISIBILITIES),
                email_visibility="hidden",
                search_text=build_card_search_text(user.username, user.first_name, user.last_name),
            )
            for user in users
        )
        through.objects.bulk_create(
            through(card_id=card.pk, skill_id=skill.pk)
            for card in cards
            for skill in {skills[min(int(rng.paretovariate(1.2)) - 1, SKILLS - 1)] for _ in range(3)}
        )
        Link.objects.bulk_create(
            Link(
                card=card,
                label="Mastodon",
                url=f"https://mastodon.social/@{card.pk}",
                visibility="public",
                network="mastodon",
            )
            for card in cards
        )
    return lyon


def run(people):
    from django.db import connection
    from django.test import Client

    from portal.bio.models import Card
    from portal.users.models import User

    lyon = build(people)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rare = Card.objects.order_by("-pk").values_list("public_name", flat=True).first()
    card = Card.objects.order_by("pk").first()
    print(f"  {people:,} published cards, {Card.skills.through.objects.count():,} card skills\n")
    viewer = User.objects.order_by("pk").first()
    clients = {"anonymous": Client(), "signed in": Client()}
    clients["signed in"].force_login(viewer)
    pages = [
        ("legal notice (cheapest)", "/legal/legal-notice/"),
        ("search, no query", "/bio/"),
        ("search, frequent name", "/bio/?q=martin"),
        ("search, rare public name", f"/bio/?q={rare}"),
        ("search, #robotique", "/bio/?q=%23robotique"),
        ("search, académie subtree", f"/bio/?structure={lyon.pk}"),
        ("search, page 50", "/bio/?page=50"),
        ("API search, frequent name", "/api/v1/bio/cards/?q=martin"),
        ("card page", card.get_absolute_url()),
        ("card vCard", card.get_absolute_url() + "vcard/"),
    ]
    for who, client in clients.items():
        client.get("/bio/")  # warm caches
        base = None
        print(f"-- {who}")
        for label, url in pages:
            ms, queries = median_of(RUNS, lambda url=url, client=client: client.get(url))
            base = base or ms
            print(f"{label:<28} median {ms:7.1f} ms  ratio {ms / base:5.1f}  {queries} queries")


if __name__ == "__main__":
    run_benchmark("bio benchmark", __doc__.split("\n\n")[0], "portal_bench_bio", run)
