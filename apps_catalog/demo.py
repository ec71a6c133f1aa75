"""Demo catalogue: the ministry's national services (apps.education.fr), categories, a few services per académie,
default spaces, bookmarks and launch counts. Idempotent: running it again changes nothing.
"""

import random
from datetime import timedelta

from django.utils import timezone

from portal.structures.models import Structure
from portal.users.models import User

from . import services
from .models import BusinessRegrouping, Category, DefaultSpace, LaunchBucket, Service

CATEGORIES = ["Stockage et partage", "Communication", "Vidéo", "Collaboration", "Publication", "Enseignement"]

TEAM = "Pôle de compétences apps.education.fr (DNE)"

# (title, slug, url, short description, usage, categories, extra fields)
NATIONAL_SERVICES = [
    (
        "Nuage",
        "nuage",
        "https://nuage.apps.education.fr/",
        "Stockez, partagez et modifiez vos fichiers en ligne.",
        "Stockage de fichiers (Nextcloud)",
        ["Stockage et partage", "Collaboration"],
        {"offline": True},
    ),
    (
        "Tube",
        "tube",
        "https://tube.apps.education.fr/",
        "Publiez et regardez des vidéos éducatives.",
        "Vidéos (PeerTube)",
        ["Vidéo", "Publication"],
        {"offline": True},
    ),
    (
        "Pod",
        "pod",
        "https://pod.apps.education.fr/",
        "Déposez et diffusez vos vidéos pédagogiques.",
        "Vidéos pédagogiques (Esup-Pod)",
        ["Vidéo", "Enseignement"],
        {"state": Service.State.MAINTENANCE},
    ),
    (
        "Visio-agents",
        "visio-agents",
        "https://visio-agents.education.fr/",
        "Réunions en visioconférence entre agents.",
        "Visioconférence",
        ["Communication"],
        {"offline": True},
    ),
    (
        "Classes virtuelles",
        "classes-virtuelles",
        "https://classe-virtuelle.apps.education.fr/",
        "Faites cours à distance avec vos élèves.",
        "Classes virtuelles (BigBlueButton)",
        ["Enseignement", "Communication"],
        {},
    ),
    (
        "CodiMD",
        "codimd",
        "https://codimd.apps.education.fr/",
        "Écrivez à plusieurs des notes en Markdown.",
        "Édition collaborative",
        ["Collaboration"],
        {},
    ),
    (
        "Portail",
        "portail",
        "https://portail.apps.education.fr/",
        "Votre point d'entrée vers tous les services.",
        "Portail des services",
        [],
        {},
    ),
    (
        "Blog",
        "blog",
        "https://blog.apps.education.fr/",
        "Publiez des articles pour vos collègues et vos élèves.",
        "Blog",
        ["Publication"],
        {},
    ),
    (
        "Questionnaire",
        "questionnaire",
        "https://questionnaire.apps.education.fr/",
        "Créez des formulaires et recueillez les réponses.",
        "Formulaires",
        ["Collaboration"],
        {},
    ),
    (
        "Sondage",
        "sondage",
        "https://sondage.apps.education.fr/",
        "Trouvez une date ou posez une question rapide.",
        "Sondages",
        ["Collaboration"],
        {"is_beta": True},
    ),
    (
        "Agenda",
        "agenda",
        "https://agenda.apps.education.fr/",
        "Organisez vos événements et invitez vos groupes.",
        "Agenda partagé",
        ["Collaboration", "Communication"],
        {},
    ),
    (
        "Mezig",
        "mezig",
        "https://mezig.apps.education.fr/",
        "Présentez vos compétences à vos collègues.",
        "Profils",
        ["Communication"],
        {"state": Service.State.INACTIVE},
    ),
]

# académie or school → [(title, slug, url, description, regrouping)]
STRUCTURE_SERVICES = {
    "Académie de Lyon": [
        (
            "Messagerie académique",
            "messagerie",
            "https://messagerie.ac-lyon.fr/",
            "Votre messagerie professionnelle.",
            "Vie professionnelle",
        ),
        (
            "Arena",
            "arena",
            "https://portail.ac-lyon.fr/arena/",
            "Applications de gestion de l'académie.",
            "Vie professionnelle",
        ),
        ("Magistère Lyon", "magistere", "https://magistere.education.fr/ac-lyon/", "Formations en ligne.", "Pédagogie"),
    ],
    "Académie de Grenoble": [
        (
            "Messagerie académique",
            "messagerie",
            "https://messagerie.ac-grenoble.fr/",
            "Votre messagerie professionnelle.",
            "Vie professionnelle",
        ),
        (
            "Portail Arena",
            "arena",
            "https://externe.ac-grenoble.fr/arena/",
            "Applications de gestion de l'académie.",
            "Vie professionnelle",
        ),
    ],
    "Lycée Ampère": [
        (
            "Pronote",
            "pronote",
            "https://0690026d.index-education.net/pronote/",
            "Notes, cahier de textes, vie scolaire.",
            "Vie scolaire",
        ),
    ],
}

DEFAULT_SPACES = {
    "Ministère de l'Éducation nationale": [
        ("Travailler ensemble", ["nuage", "codimd", "visio-agents", "agenda"]),
        ("Enseigner", ["classes-virtuelles", "tube", "pod"]),
        ("Publier", ["blog", "questionnaire"]),
    ],
    "Académie de Lyon": [
        ("Mon académie", ["@messagerie", "@arena", "@magistere"]),
        ("Travailler ensemble", ["nuage", "codimd", "visio-agents"]),
        ("Enseigner", ["classes-virtuelles", "tube", "pod"]),
    ],
}

BOOKMARKS = [
    ("Éduscol", "https://eduscol.education.fr/", "Ressources"),
    ("Lumni", "https://www.lumni.fr/", "Ressources"),
    ("Bulletin officiel", "https://www.education.gouv.fr/bo", "Textes"),
    ("Légifrance", "https://www.legifrance.gouv.fr/", "Textes"),
]


def _service(structure, title, slug, url, description, usage="", **extra):
    service, created = Service.objects.get_or_create(
        structure=structure,
        slug=slug,
        defaults={
            "title": title,
            "url": url,
            "description": description[:80],
            "usage": usage,
            "team": TEAM if structure is None else structure.name,
            "content": f"<p>{description}</p><p>Service proposé par {TEAM if structure is None else structure.name}.</p>",
            **extra,
        },
    )
    return service


def _seed_catalogue():
    categories = {name: Category.objects.get_or_create(name=name)[0] for name in CATEGORIES}
    national = {}
    for title, slug, url, description, usage, category_names, extra in NATIONAL_SERVICES:
        service = _service(None, title, slug, url, description, usage, **extra)
        service.categories.add(*[categories[name] for name in category_names])
        national[slug] = service
    local = {}
    for structure_name, entries in STRUCTURE_SERVICES.items():
        structure = Structure.objects.get(name=structure_name)
        for title, slug, url, description, regrouping_name in entries:
            service = _service(structure, title, slug, url, description)
            regrouping = BusinessRegrouping.objects.filter(
                structure__in=structure.get_ancestors(include_self=True), name=regrouping_name
            ).first()
            if regrouping is None:
                regrouping = BusinessRegrouping.objects.create(structure=structure, name=regrouping_name)
            service.business_regroupings.add(regrouping)
            local[(structure.pk, slug)] = service
    return national, local


def _seed_default_spaces(national, local):
    for structure_name, zones in DEFAULT_SPACES.items():
        structure = Structure.objects.get(name=structure_name)
        if DefaultSpace.objects.filter(structure=structure).exists():
            continue
        layout = []
        for zone_name, slugs in zones:
            items = []
            for slug in slugs:
                service = local.get((structure.pk, slug[1:])) if slug.startswith("@") else national.get(slug)
                if service is not None:
                    items.append({"kind": "service", "id": service.pk})
            layout.append({"name": zone_name, "is_expanded": True, "items": items})
        DefaultSpace.objects.create(structure=structure, layout=layout)
    people = User.objects.filter(is_active=True, structure__isnull=False).values_list("pk", flat=True)
    services.start_personal_spaces(list(people))


def _seed_bookmarks():
    for person in User.objects.filter(is_active=True, structure__isnull=False, is_superuser=False).order_by("pk")[:10]:
        if person.bookmarks.exists():
            continue
        for name, url, tag in BOOKMARKS:
            services.create_bookmark(person, url=url, name=name, tag=tag, in_space=True)


def _seed_launches(national):
    """A month of plausible launch counts, so that the statistics page has something to show."""
    if LaunchBucket.objects.exists():
        return
    generator = random.Random(4)  # the same figures on every machine
    structures = list(Structure.objects.filter(depth__gte=3).values_list("pk", flat=True))
    now = services.launch_hour(timezone.now())
    buckets = []
    for days_ago in range(30):
        for hour in (8, 10, 14, 16):
            moment = (now - timedelta(days=days_ago)).replace(hour=hour)
            for service in list(national.values())[:6]:
                for structure_id in generator.sample(structures, k=min(2, len(structures))):
                    buckets.append(
                        LaunchBucket(
                            service=service, structure_id=structure_id, hour=moment, count=generator.randint(1, 25)
                        )
                    )
    LaunchBucket.objects.bulk_create(buckets, ignore_conflicts=True)


def seed(command):
    national, local = _seed_catalogue()
    _seed_default_spaces(national, local)
    _seed_bookmarks()
    _seed_launches(national)
