"""Demo articles: a few dozen, across académies, schools and groups, in every visibility, with tags and licences.

Idempotent: an article is found by its author and title; new ones go through the services (rendering, slugs,
group and visibility rules), then get a publication date spread over the last months.
"""

from datetime import timedelta

from django.utils import timezone

from portal.users.models import User

from . import services
from .models import Article

SUBJECTS = [
    ("Sortie au musée des Confluences", "Une journée de sciences naturelles avec les élèves de seconde."),
    ("Un potager au collège", "Le club nature a planté ses premiers légumes : retour sur six mois de projet."),
    ("Semaine des mathématiques", "Énigmes, rallye et expositions : le programme de la semaine."),
    ("Correspondance avec une classe italienne", "Nos élèves écrivent à une classe de Turin."),
    ("Formation aux outils libres", "Ce que nous avons retenu de la formation sur les logiciels libres."),
    ("Théâtre en anglais", "La troupe du lycée joue une pièce de Shakespeare."),
    ("Conseil de la vie collégienne", "Les élus présentent leurs projets pour l'année."),
    ("Classe de découverte à la montagne", "Cinq jours de ski et d'étude du milieu montagnard."),
    ("Le numérique en maternelle", "Tablettes et albums numériques : premiers essais."),
    ("Journée portes ouvertes", "Venez découvrir nos formations et nos ateliers."),
    ("Projet radio", "Les élèves de troisième réalisent une émission de radio."),
    ("Concours de lecture à voix haute", "Retour sur la finale académique."),
]
CONTENT = """## Le projet

{summary}

Les élèves ont **préparé** la journée en classe, puis ont présenté leur travail :

- une exposition ;
- un carnet de bord ;
- une [vidéo sur Tubes](https://tubes.apps.education.fr).

| Classe | Élèves |
|---|---|
| Seconde 3 | 28 |
| Seconde 5 | 26 |
"""
TAGS = ["sciences", "projet", "sortie", "numérique", "langues", "citoyenneté", "mathématiques", "théâtre"]
LICENCES = list(Article.Licence.values)
TOTAL = 36


def _teachers():
    return list(
        User.objects.filter(is_superuser=False, is_active=True, structure__isnull=False)
        .order_by("username")
        .select_related("structure")
    )


def seed(command):
    from groups.selectors import member_groups

    teachers = _teachers()
    if not teachers:
        command.stdout.write("  blog: no demo people, skipped")
        return
    now = timezone.now()
    for number in range(TOTAL):
        author = teachers[number % len(teachers)]
        title, summary = SUBJECTS[number % len(SUBJECTS)]
        title = f"{title} — {author.structure.name}"[:200]
        if Article.objects.filter(author=author, title=title).exists():
            continue
        fields = {
            "title": title,
            "summary": summary,
            "content": CONTENT.format(summary=summary),
            "tags": [TAGS[number % len(TAGS)], TAGS[(number * 3 + 1) % len(TAGS)]],
            "licence": LICENCES[number % len(LICENCES)],
            "visibility": Article.Visibility.PUBLIC,
        }
        # Work groups first (open, moderated, closed), the structure groups after them.
        groups = sorted(member_groups(author).values_list("pk", "type")[:20], key=lambda row: row[1] == "automatic")[:2]
        if number % 6 == 1:
            fields["visibility"] = Article.Visibility.PORTAL
        elif groups and number % 3 == 0:
            fields["visibility"] = Article.Visibility.GROUPS
            fields["groups"] = [groups[0][0]]
        elif groups and any(kind == "open" for _pk, kind in groups):
            fields["groups"] = [pk for pk, kind in groups if kind == "open"]
        article = services.create_article(author, publish=number % 9 != 4, **fields)
        if not article.is_draft:
            Article.objects.filter(pk=article.pk).update(published_at=now - timedelta(days=number * 5, hours=number))
    command.stdout.write(f"  blog: {Article.objects.count()} articles")
