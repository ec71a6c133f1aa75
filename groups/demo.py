"""Demo groups: one of each type with people in every role, bookmarks, and the automatic structure groups.

Idempotent: groups are found by name, rows are only added when missing. One pending request goes through the real
service, so that the group's admins and animators find it in their notifications.
"""

from portal.users.models import User

from . import services
from .models import Group, GroupBookmark, Membership

GROUPS = [
    {
        "name": "Mathématiques au lycée",
        "type": Group.Type.OPEN,
        "description": "Échanges de ressources et de pratiques entre professeurs de mathématiques.",
        "content": "<p>Partagez vos <strong>progressions</strong>, vos sujets et vos idées d'activités.</p>",
        "roles": {"admin": [0], "animator": [1], "member": [2, 3, 4, 5, 6, 7]},
        "bookmarks": [
            ("https://eduscol.education.fr/mathematiques", "Éduscol — mathématiques", "programmes", 1),
            ("https://www.apmep.fr", "APMEP", "association", 2),
        ],
    },
    {
        "name": "Projet Erasmus+ Lyon",
        "type": Group.Type.MODERATED,
        "description": "Préparation des mobilités européennes des élèves de l'académie de Lyon.",
        "content": "<p>Le groupe accueille les collègues qui portent un projet de mobilité.</p>",
        "roles": {"admin": [8], "animator": [9], "member": [10, 11, 12], "candidate": [13]},
        "bookmarks": [("https://info.erasmusplus.fr", "Agence Erasmus+ France", "mobilité", 9)],
    },
    {
        "name": "Conseil pédagogique Ampère",
        "type": Group.Type.CLOSED,
        "description": "Le conseil pédagogique du lycée Ampère (groupe fermé).",
        "content": "",
        "roles": {"admin": [14], "animator": [15], "member": [16, 17, 18]},
        "bookmarks": [("https://www.education.gouv.fr", "Ministère de l'Éducation nationale", "", 14)],
    },
    {
        "name": "Numérique éducatif",
        "type": Group.Type.OPEN,
        "description": "Outils numériques pour la classe : retours d'expérience.",
        "content": "<ul><li>Applications libres</li><li>Usages en classe</li></ul>",
        "roles": {"admin": [19, 20], "member": [21, 22, 23, 24]},
        "bookmarks": [],
    },
]
#: A teacher who asks to join the moderated group through the service (the request reaches its animator's bell).
REQUESTER = 25


def seed(command):
    services.sync_all_automatic_groups()
    teachers = list(
        User.objects.filter(is_superuser=False, is_active=True, structure__isnull=False, administered_structures=None)
        .order_by("username")
        .only("pk", "username", "language")
    )
    if len(teachers) <= REQUESTER:
        command.stdout.write("  groups: not enough demo people, skipped")
        return
    for spec in GROUPS:
        owner = teachers[spec["roles"]["admin"][0]]
        group = Group.objects.filter(name=spec["name"]).first()
        if group is None:
            group = Group.objects.create(
                name=spec["name"],
                slug=services.unique_slug(spec["name"]),
                type=spec["type"],
                description=spec["description"],
                content=spec["content"],
                owner=owner,
            )
        Membership.objects.bulk_create(
            [
                Membership(user=teachers[index], group=group, role=role)
                for role, indexes in spec["roles"].items()
                for index in indexes
            ],
            ignore_conflicts=True,
        )
        for url, name, tag, author in spec["bookmarks"]:
            GroupBookmark.objects.get_or_create(
                group=group, url=url, defaults={"name": name, "tag": tag, "author": teachers[author]}
            )
    moderated = Group.objects.get(name="Projet Erasmus+ Lyon")
    requester = teachers[REQUESTER]
    if not Membership.objects.filter(group=moderated, user=requester).exists():
        services.request_membership(requester, moderated)
