"""Demo bio cards: every visibility mix, shared skills, links of several networks, one unpublished and one unchecked.

Idempotent: a person who already has a card is left alone. Cards are written through the service, as on the site.
"""

from portal.users.models import User

from . import services
from .models import Card

P, S, H = "public", "staff", "hidden"

CARDS = [
    {
        "fields": {
            "published": True,
            "headline": "Professeur de technologie, club de robotique",
            "headline_visibility": P,
            "biography": "J'anime le **club de robotique** du lycée et je forme des collègues à *Moodle*.",
            "biography_visibility": S,
            "skills_visibility": P,
            "email_visibility": H,
            "structure_visibility": P,
        },
        "skills": ["Robotique", "Moodle", "Arduino"],
        "links": [
            ("Mastodon", "https://mastodon.social/@robotique_lycee", P),
            ("LinkedIn", "https://www.linkedin.com/in/demo-robotique", S),
            ("Dépôt personnel", "https://github.com/demo-robotique", H),
        ],
    },
    {
        "fields": {
            "published": True,
            "headline": "Professeure documentaliste",
            "headline_visibility": P,
            "biography": "Éducation aux médias et à l'information.",
            "biography_visibility": P,
            "skills_visibility": P,
            "email_visibility": P,
            "structure_visibility": S,
        },
        "skills": ["EMI", "robotique", "Podcast"],
        "links": [
            ("Bluesky", "https://bsky.app/profile/cdi-demo.bsky.social", P),
            ("Vidéos", "https://framatube.org/a/cdi_demo", P),
        ],
    },
    {
        "fields": {
            "published": True,
            "headline": "Formateur numérique",
            "headline_visibility": S,
            "biography": "Formations aux outils libres.",
            "biography_visibility": S,
            "skills_visibility": S,
            "email_visibility": S,
            "structure_visibility": S,
        },
        "skills": ["Moodle", "Nextcloud", "Formation"],
        "links": [("Chaîne", "https://www.youtube.com/@formation-demo", S), ("X", "https://x.com/formation_demo", H)],
    },
    {
        "fields": {
            "published": False,
            "headline": "Carte en préparation",
            "headline_visibility": P,
            "skills_visibility": P,
        },
        "skills": ["Théâtre"],
        "links": [],
    },
]


def seed(command):
    people = list(
        User.objects.filter(is_superuser=False, is_active=True, structure__isnull=False)
        .exclude(bio_card__isnull=False)
        .order_by("username")[: len(CARDS) + 1]
    )
    if Card.objects.exists() or len(people) < len(CARDS) + 1:
        return
    for person, spec in zip(people, CARDS, strict=False):
        card = services.own_card(person)
        links = [{"label": label, "url": url, "visibility": visibility} for label, url, visibility in spec["links"]]
        services.update_card(person, card, spec["fields"], skills=spec["skills"], links=links)
    services.own_card(people[len(CARDS)])  # created on a first visit, not checked yet
