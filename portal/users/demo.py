"""Demo people: one global admin, one structure admin per académie, about fifty teachers with French names.

Everyone signs in through the dev sign-in page (no password); the global admin also has the break-glass password
``demo-admin-password`` for /admin/ (demo only).
"""

from portal.structures.models import Structure

from . import signals
from .models import User

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Hugo",
    "Chloé",
    "Lucas",
    "Manon",
    "Louis",
    "Inès",
    "Gabriel",
    "Jade",
    "Raphaël",
    "Zoé",
    "Arthur",
    "Élodie",
    "Jules",
    "Sarah",
    "Adam",
    "Hélène",
    "Théo",
    "Anaïs",
    "Noé",
    "Mélanie",
    "Paul",
    "Céline",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefebvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "N'Diaye",
]
SCHOOLS = {
    "ac-lyon.fr": [
        "Lycée Ampère",
        "Collège Jean Moulin",
        "École élémentaire Les Charmilles",
        "Lycée Lalande",
        "Collège Saint-Exupéry",
    ],
    "ac-grenoble.fr": ["Lycée Champollion", "Collège Stendhal", "Lycée Vaugelas"],
}


def _username(first, last):
    from portal.core.text import fold

    return f"{fold(first)}.{fold(last)}".replace(" ", "-").replace("'", "")


def _upsert(username, created_ids, **fields):
    user = User.objects.filter(username=username).first() or User(username=username)
    is_new = user.pk is None
    for name, value in fields.items():
        setattr(user, name, value)
    if is_new:
        # A new User() has password "", which Django counts as "usable": mark it unusable, so that the admin's
        # demo password below is set on the first run.
        user.set_unusable_password()
    user.save()
    if is_new:
        created_ids.append(user.pk)
    return user


def seed(command):
    created = []
    ministry = Structure.objects.get(name="Ministère de l'Éducation nationale", parent=None)
    admin = _upsert(
        "admin",
        created,
        first_name="Alice",
        last_name="Administratrice",
        email="alice.admin@education.gouv.fr",
        is_active=True,
        is_superuser=True,
        structure=ministry,
    )
    if not admin.has_usable_password():
        admin.set_password("demo-admin-password")
        admin.save(update_fields=["password"])
    for académie, first, last, domain in (
        ("Académie de Lyon", "Bruno", "Ferrand", "ac-lyon.fr"),
        ("Académie de Grenoble", "Claire", "Vasseur", "ac-grenoble.fr"),
    ):
        structure = Structure.objects.get(name=académie)
        user = _upsert(
            _username(first, last),
            created,
            first_name=first,
            last_name=last,
            email=f"{_username(first, last)}@{domain}",
            is_active=True,
            structure=structure,
        )
        structure.admins.add(user)
    index = 0
    schools = [(domain, Structure.objects.get(name=name)) for domain, names in SCHOOLS.items() for name in names]
    for index in range(48):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[index % len(LAST_NAMES)]
        domain, school = schools[index % len(schools)]
        username = _username(first, last)
        _upsert(
            username,
            created,
            first_name=first,
            last_name=last,
            email=f"{username}@{domain}",
            is_active=True,
            structure=school,
        )
    # Two people still to handle: one awaiting validation, one without a structure yet.
    _upsert(
        "nouveau.venu",
        created,
        first_name="Nicolas",
        last_name="Nouveau",
        email="nicolas.nouveau@gmail.com",
        is_active=False,
    )
    _upsert(
        "sans.structure",
        created,
        first_name="Sophie",
        last_name="Sans",
        email="sophie.sans@ac-grenoble.fr",
        is_active=True,
        structure=None,
        awaiting_structure=Structure.objects.get(name="Collège Stendhal"),
    )
    if created:
        signals.users_created.send(sender=User, user_ids=created)
        signals.users_structure_changed.send(sender=User, user_ids=created)
