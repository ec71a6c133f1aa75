"""PostgreSQL-only: the search's words can be served by the trigram index on the folded ``search_text``.

Query plans are PostgreSQL's, so these are skipped on SQLite; CI runs PostgreSQL. (On a tiny test table the planner
prefers the partial index of listed cards for the whole search; ``benchmarks/bio.py`` shows the plan at scale.)
"""

import pytest
from django.db import connection

from portal.bio import selectors
from portal.bio.factories import CardFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are PostgreSQL's (CI runs PostgreSQL)"
)


def _plan(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small test table would be scanned whatever the index
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
def test_the_trigram_index_serves_like_contains_on_search_text():
    CardFactory.create_batch(5)
    plan = _plan("SELECT id FROM bio_card WHERE search_text LIKE %s", ["%helene%"])
    assert "bio_card_search_trgm" in plan, plan


@pytest.mark.django_db
def test_the_search_compares_the_column_without_a_cast():
    """Django's ``contains`` adds ``::text``; on a text column PostgreSQL drops it, so the index still applies."""
    CardFactory.create_batch(5)
    sql, params = selectors.search_cards(None, "helene").query.sql_with_params()
    plan = _plan(sql, params)
    assert "search_text ~~ '%helene%'::text" in plan, plan
