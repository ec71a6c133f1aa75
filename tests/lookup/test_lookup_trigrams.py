"""What the "contains" tier asks the trigram index for (lookup.trigrams): a few rare trigrams, never a wrong answer."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from lookup import selectors, services, trigrams
from portal.users.factories import UserFactory

STATS = {
    "rows": 1_000_000,
    "shares": {
        # "helene": every trigram frequent; "lefevre": "fev" rare
        "hel": 0.03,
        "ele": 0.08,
        "len": 0.04,
        "ene": 0.07,
        "lef": 0.01,
        "efe": 0.012,
        "fev": 0.005,
        "evr": 0.006,
        "vre": 0.02,
        "mar": 0.18,
        "ari": 0.16,
        "rie": 0.12,
        "art": 0.05,
        "rti": 0.05,
        "tin": 0.06,
        "in1": 0.01,
        "n12": 0.0017,
        "ert": 0.02,
    },
}


@pytest.mark.parametrize(
    ("term", "pattern"),
    [
        # the rarest trigram of each word, in the term's order
        ("helene lefevre", "%hel%fev%"),
        ("lefevre helene", "%fev%hel%"),
        # a frequent word adds nothing: its trigrams would cost more than they narrow
        # "n12" leaves 1,700 candidates; "marie" is too frequent; "art", from the same word, narrows further
        ("marie.martin12", "%art%n12%"),
        # an unknown trigram is the rarest of all: alone, it finds at once that nobody matches
        ("zqx lefevre", "%zqx%"),
        # a term that is its own trigram, or too frequent, goes whole to the index
        ("ert", None),
        ("mar", None),
        ("marie", None),
        # no trigram at all
        ("a b", None),
    ],
)
def test_narrowed_pattern(term, pattern):
    assert trigrams.narrowed_pattern(term, STATS) == pattern


def test_narrowed_pattern_within_a_word_does_not_overlap():
    shares = {"vau": 0.005, "auq": 0.003, "uqu": 0.009, "qua": 0.02, "uai": 0.005, "ais": 0.014}
    stats = {"rows": 1_000_000, "shares": shares}
    # "auq" first, then the next rarest that does not overlap it ("uai", not "uqu")
    assert trigrams.narrowed_pattern("vauquais", stats) == "%auq%uai%"


def test_without_shares_the_whole_term_goes_to_the_index():
    assert trigrams.narrowed_pattern("helene lefevre", None) is None


@pytest.mark.django_db
def test_shares_are_read_from_the_cache_at_most_every_minute():
    assert trigrams.current_stats() is None
    cache.set(trigrams.CACHE_KEY, STATS)
    assert trigrams.current_stats() is None  # this process's copy is kept for a minute
    trigrams.forget()
    assert trigrams.current_stats() == STATS


@pytest.mark.django_db
def test_refresh_measures_the_shares_on_postgresql(capsys):
    UserFactory(username="hlefevre", first_name="Hélène", last_name="Lefèvre", email="h@ac-exemple.fr")
    UserFactory(username="jdupont", first_name="Jean", last_name="Dupont", email="j@ac-exemple.fr")
    call_command("lookup_refresh_trigrams")
    output = capsys.readouterr().out
    if connection.vendor != "postgresql":  # no pg_trgm: nothing measured, the search sends whole terms
        assert output == "Nothing to do: the trigram index exists on PostgreSQL only.\n"
        assert cache.get(trigrams.CACHE_KEY) is None
        return
    stats = cache.get(trigrams.CACHE_KEY)
    assert output == f"{len(stats['shares'])} trigrams measured.\n"
    assert stats["rows"] >= 2
    assert stats["shares"]["fev"] == 0.5  # one person out of the two
    assert stats["shares"]["ac "] == 1.0


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_trgm and its plans are PostgreSQL's (CI runs PostgreSQL)"
)


@postgres_only
@pytest.mark.django_db
def test_narrowed_searches_answer_exactly_as_whole_term_searches(django_assert_num_queries):
    nc = "https://nc1.example.fr"
    people = [
        ("hlefevre", "Hélène", "Lefèvre"),
        ("mhlefevre", "Marie-Hélène", "Lefèvre"),
        ("hlefevre2", "Hélène", "Lefèvre-Durand"),
        ("elefevre", "Élise", "Lefebvre"),
        ("jdupont", "Jean", "Dupont"),
        ("jdupont12", "Jean", "Dupont"),
        ("ajdupont", "Anne", "Jdupont"),
    ]
    for username, first, last in people:
        UserFactory(
            username=username, first_name=first, last_name=last, email=f"{username}@ac-exemple.fr", nclocator=nc
        )
    terms = ["helene lefevre", "lene lefe", "jean.dupont", "dupont12", "jdupont12@ac-exemple", "zzz lefevre"]
    whole = {term: selectors.search_people(term, 25, 0) for term in terms}
    services.refresh_trigram_shares()
    for term in terms:
        sql, params = selectors.search_statement(term, 25, 0)
        with django_assert_num_queries(1):
            assert selectors.search_people(term, 25, 0) == whole[term], term
    # with these shares, at least the two-word names were narrowed
    sql, params = selectors.search_statement("helene lefevre", 25, 0)
    assert params["contains"] != "%helene lefevre%"
    assert "strpos(u.search_text" in sql and "u.id + 0" in sql
