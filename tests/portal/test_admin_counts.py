"""Back-office list counts: exact for small lists, PostgreSQL's estimate beyond ``EXACT_COUNT_MAX`` rows."""

import pytest
from django.db import connection

from portal.core import admin_counts
from portal.users.factories import UserFactory
from portal.users.models import User

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"


def test_a_small_list_is_counted_exactly(tree):
    UserFactory.create_batch(4, structure=tree.ampere)
    assert admin_counts.estimated_count(User.objects.all(), exact_max=10) == (4, False)
    assert admin_counts.bounded_count(User.objects.all(), 2) == 3  # stops after limit + 1 rows


def test_without_an_estimate_a_big_list_is_counted_exactly(tree, monkeypatch):
    """Where the planner gives no estimate (SQLite, or PostgreSQL without statistics), the count stays exact."""
    UserFactory.create_batch(6, structure=tree.ampere)
    monkeypatch.setattr(admin_counts, "planner_estimate", lambda queryset: None)
    assert admin_counts.estimated_count(User.objects.all(), exact_max=3) == (6, False)


@pytest.mark.skipif(not POSTGRES, reason="the planner's estimate is PostgreSQL's")
def test_a_big_list_takes_the_planners_estimate_never_below_what_was_counted(tree):
    UserFactory.create_batch(6, structure=tree.ampere)
    count, is_estimate = admin_counts.estimated_count(User.objects.filter(structure=tree.ampere), exact_max=3)
    assert is_estimate
    assert count >= 4


def test_the_changelist_says_about_when_the_count_is_an_estimate(client, global_admin, tree, monkeypatch):
    UserFactory.create_batch(5, structure=tree.ampere)
    monkeypatch.setattr(admin_counts, "EXACT_COUNT_MAX", 2)
    monkeypatch.setattr(admin_counts, "planner_estimate", lambda queryset: 1_000_000)
    client.force_login(global_admin)
    response = client.get("/admin/users/user/")
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.paginator.is_estimate
    assert changelist.result_count == 1_000_000
    assert "environ 1000000 utilisateurs" in " ".join(response.content.decode().split())
    assert len(changelist.result_list) == 6  # the page shows the real rows


def test_the_changelist_count_is_exact_below_the_limit(client, global_admin, tree):
    UserFactory.create_batch(3, structure=tree.ampere)
    client.force_login(global_admin)
    response = client.get("/admin/users/user/")
    changelist = response.context["cl"]
    assert not changelist.paginator.is_estimate
    assert changelist.result_count == 4
    assert "environ" not in response.content.decode()


def test_a_paginator_over_a_list_counts_its_length():
    assert admin_counts.EstimatedCountPaginator([1, 2, 3], 2).count == 3


@pytest.mark.skipif(not POSTGRES, reason="query plans are PostgreSQL's (CI runs PostgreSQL)")
@pytest.mark.parametrize("term", ["Hélène", "helene.dupont@ac-lyon.fr"])
def test_the_user_search_of_the_back_office_reads_the_trigram_index(rf, global_admin, term):
    from django.contrib import admin

    request = rf.get("/admin/users/user/", {"q": term})
    request.user = global_admin
    model_admin = admin.site._registry[User]
    queryset, _duplicates = model_admin.get_search_results(request, User.objects.all(), term)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_indexscan"):  # a tiny table is scanned whatever the index
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "lookup_user_search_trgm" in plan


def test_the_users_list_order_is_an_index():
    assert ["last_name", "first_name", "username"] in [index.fields for index in User._meta.indexes]
    assert User._meta.ordering == ["last_name", "first_name", "username"]
