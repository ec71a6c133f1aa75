"""Demo organisation tree: the ministry, two académies with districts and schools, the e-mail domain table."""

from .models import EmailDomain, Structure

TREE = {
    ("Ministère de l'Éducation nationale", None): {
        ("Académie de Lyon", None): {
            ("DSDEN du Rhône", None): {
                ("Lycée Ampère", "0690026D"): {},
                ("Collège Jean Moulin", "0690028F"): {},
                ("École élémentaire Les Charmilles", "0691234X"): {},
            },
            ("DSDEN de l'Ain", None): {
                ("Lycée Lalande", "0010013J"): {},
                ("Collège Saint-Exupéry", "0010025X"): {},
            },
        },
        ("Académie de Grenoble", None): {
            ("DSDEN de l'Isère", None): {
                ("Lycée Champollion", "0380027Y"): {},
                ("Collège Stendhal", "0380033E"): {},
            },
            ("DSDEN de la Savoie", None): {
                ("Lycée Vaugelas", "0730013T"): {},
            },
        },
    }
}

DOMAINS = [
    ("ac-lyon.fr", "Académie de Lyon", "AC-LYON", "Académie de Lyon", "ACADEMIE", "Académie"),
    ("ac-grenoble.fr", "Académie de Grenoble", "AC-GRENOBLE", "Académie de Grenoble", "ACADEMIE", "Académie"),
    (
        "education.gouv.fr",
        "Ministère de l'Éducation nationale",
        "MEN",
        "Ministère de l'Éducation nationale",
        "ADMINISTRATION",
        "Administration centrale",
    ),
]


def _create(tree, parent):
    for (name, code), children in tree.items():
        structure = Structure.objects.filter(parent=parent, name=name).first()
        if structure is None:
            structure = Structure.objects.create(name=name, parent=parent, external_code=code)
        if name == "Collège Stendhal" and not structure.membership_needs_validation:
            structure.membership_needs_validation = True
            structure.save()
        _create(children, structure)


def seed(command):
    _create(TREE, None)
    for domain, structure_name, entity_short, entity_long, family_short, family_long in DOMAINS:
        EmailDomain.objects.update_or_create(
            domain=domain,
            defaults={
                "structure": Structure.objects.get(name=structure_name),
                "entity_short_name": entity_short,
                "entity_long_name": entity_long,
                "family_short_name": family_short,
                "family_long_name": family_long,
            },
        )
