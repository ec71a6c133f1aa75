"""Fixtures of the blog tests: an author, readers in every position, groups of each type, articles of each kind."""

from types import SimpleNamespace

import pytest

from blog.factories import ArticleFactory
from blog.models import Article
from groups.factories import GroupFactory
from groups.models import Group
from portal.users.factories import UserFactory

V = Article.Visibility


@pytest.fixture
def people(tree, global_admin, lyon_admin):
    """The author (Lycée Ampère), a group member, an outsider, an admin of the groups, a Grenoble admin."""
    grenoble_admin = UserFactory(username="admin.grenoble", structure=tree.grenoble)
    tree.grenoble.admins.add(grenoble_admin)
    return SimpleNamespace(
        author=UserFactory(username="prof.auteur", first_name="Hélène", last_name="Auteur", structure=tree.ampere),
        member=UserFactory(username="prof.membre", first_name="Marc", last_name="Membre", structure=tree.moulin),
        outsider=UserFactory(
            username="prof.dehors", first_name="Olivier", last_name="Dehors", structure=tree.champollion
        ),
        group_admin=UserFactory(username="prof.admin", first_name="Alain", last_name="Admin", structure=tree.moulin),
        structure_admin=lyon_admin,
        other_structure_admin=grenoble_admin,
        global_admin=global_admin,
    )


@pytest.fixture
def groups(people):
    """One group of each type; the author, the member and the group admin belong to each."""

    def make(type, name):
        return GroupFactory(
            name=name,
            slug=name.lower().replace(" ", "-"),
            type=type,
            admins=[people.group_admin],
            members=[people.author, people.member],
        )

    return SimpleNamespace(
        open=make(Group.Type.OPEN, "Maths ouvert"),
        moderated=make(Group.Type.MODERATED, "Projet modere"),
        closed=make(Group.Type.CLOSED, "Conseil ferme"),
    )


@pytest.fixture
def articles(people, groups):
    """One article per visibility case, all by the author."""

    def make(title, **fields):
        return ArticleFactory(title=title, author=people.author, **fields)

    return SimpleNamespace(
        public=make("Public", visibility=V.PUBLIC),
        portal=make("Portail", visibility=V.PORTAL),
        open_group=make("Groupe ouvert", visibility=V.GROUPS, groups=[groups.open]),
        moderated_group=make("Groupe modere", visibility=V.GROUPS, groups=[groups.moderated]),
        closed_group=make("Groupe ferme", visibility=V.GROUPS, groups=[groups.closed]),
        # Inconsistent rows (a group whose type changed since): still hidden outside the closed group.
        public_in_closed=make("Public mais ferme", visibility=V.PUBLIC, groups=[groups.closed]),
        public_in_open=make("Public et ouvert", visibility=V.PUBLIC, groups=[groups.open, groups.closed]),
        draft=make("Brouillon", is_draft=True),
    )
