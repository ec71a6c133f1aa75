"""The structure choice page's search: every word, or the UAI code; paginated; indexed on PostgreSQL."""

import pytest
from django.db import connection

from portal.structures.factories import StructureFactory
from portal.structures.selectors import search_structures
from portal.users.factories import UserFactory
from portal.users.views import STRUCTURES_PER_PAGE

pytestmark = pytest.mark.django_db


def names(query):
    return [structure.name for structure in search_structures(query)]


def test_every_word_must_be_in_the_name_in_any_order(tree):
    assert names("ampere lycee") == ["Lycée Ampère"]
    assert names("lycee") == ["Lycée Ampère", "Lycée Champollion"]
    assert names("lycee moulin") == []


def test_a_uai_code_finds_its_structure(tree):
    assert names("0690028f") == ["Collège Jean Moulin"]
    assert names(" 0380027Y ") == ["Lycée Champollion"]


def test_an_empty_search_finds_nothing(tree):
    assert names("  ") == []


def test_results_come_shallowest_first_then_by_name(tree):
    assert names("de") == ["Académie de Grenoble", "Académie de Lyon", "DSDEN de l'Isère", "DSDEN du Rhône"]


@pytest.fixture
def newcomer(client, tree):
    user = UserFactory(structure=None)
    client.force_login(user)
    return user


def test_the_results_are_paginated_and_the_pages_keep_the_search(client, newcomer, tree):
    for number in range(STRUCTURES_PER_PAGE + 5):
        StructureFactory(name=f"École Jules Ferry {number:02d}", parent=tree.rhone)
    first = client.get("/structure/choose/", {"q": "jules ferry"}).content.decode()
    assert "25 résultats" in first
    assert "École Jules Ferry 00" in first and "École Jules Ferry 20" not in first
    assert "?q=jules%20ferry&amp;page=2" in first
    second = client.get("/structure/choose/", {"q": "jules ferry", "page": 2}).content.decode()
    assert "École Jules Ferry 20" in second and "École Jules Ferry 00" not in second
    # A page out of range shows the last one, a page that is not a number the first one.
    assert "École Jules Ferry 24" in client.get("/structure/choose/", {"q": "jules ferry", "page": 99}).content.decode()
    assert (
        "École Jules Ferry 00" in client.get("/structure/choose/", {"q": "jules ferry", "page": "x"}).content.decode()
    )


@pytest.mark.parametrize("extra", [0, 40])
def test_the_search_page_runs_a_constant_number_of_queries(
    client, newcomer, tree, extra, django_assert_max_num_queries
):
    for number in range(extra):
        StructureFactory(name=f"Collège {number}", parent=tree.isere)
    client.get("/structure/choose/", {"q": "college"})  # the site settings cache
    with django_assert_max_num_queries(6):
        assert client.get("/structure/choose/", {"q": "college", "page": 2 if extra else 1}).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's (CI runs PostgreSQL)")
def test_the_search_reads_the_trigram_index(tree):
    sql, params = search_structures("ampere").query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_indexscan"):  # a tiny table is scanned whatever the index
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "structures_structure_search_trgm" in plan
