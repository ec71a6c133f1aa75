"""PostgreSQL-only checks: the search's indexes are used, the work is bounded, counts stay exact under concurrency.

These check the database itself (query plans, row locks), so they are skipped on SQLite; CI runs PostgreSQL.
"""

import threading

import pytest
from django.db import connection, transaction

from lookup import selectors, services
from lookup.factories import NextcloudInstanceFactory
from lookup.models import NextcloudInstance
from portal.users.factories import UserFactory
from portal.users.federation import normalize_nclocator
from portal.users.models import User

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans and row locks are PostgreSQL's (CI runs PostgreSQL)"
)

NC = "https://nc1.example.fr"


def plan(sql, params=None, analyze=False, settings=("enable_seqscan",)):
    with connection.cursor() as cursor:
        for setting in settings:  # a small test table would be scanned whatever the index
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {'(ANALYZE, COSTS OFF) ' if analyze else ''}{sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
def test_the_trigram_index_serves_like_contains():
    UserFactory.create_batch(5, nclocator=NC)
    text = plan("SELECT id FROM users_user WHERE search_text LIKE %s", ["%dupont%"])
    assert "lookup_user_search_trgm" in text


@pytest.mark.django_db
def test_every_tier_of_the_search_reads_its_index():
    UserFactory.create_batch(5, nclocator=NC)
    # No match: every tier runs. Plain index scans are off so that the "contains" tier cannot walk the primary key
    # (which the planner may prefer on a tiny table): what is checked is that the trigram index can serve it.
    text = plan(*selectors.search_statement("zzq", 25, 0), settings=("enable_seqscan", "enable_indexscan"))
    for index in ("lookup_user_username_lower", "lookup_user_email_lower", "lookup_user_name_last"):
        assert index in text, text
    assert "lookup_user_name_first" in text
    assert "lookup_user_search_trgm" in text


@pytest.mark.django_db
def test_the_contains_tier_is_not_run_when_names_fill_the_page():
    """With enough names starting with the term, "contains" is never executed: the work does not grow with it."""
    for index in range(30):
        UserFactory(username=f"marie{index}", first_name="Marie", last_name=f"Curie{index}", nclocator=NC)
    text = plan(*selectors.search_statement("marie", 25, 0), analyze=True)
    rest = text[text.index("CTE rest") :].splitlines()
    rest = rest[: next(index for index, line in enumerate(rest[1:], 1) if not line.startswith("    "))]
    scans = [line for line in rest if " on users_user" in line]
    assert scans, text
    assert all("never executed" in line for line in scans), text
    assert len(selectors.search_people("marie", 25, 0)) == 25


@pytest.mark.django_db
def test_an_email_term_asks_the_index_for_its_local_part():
    UserFactory(username="jdupont", email="jean.dupont@ac-paris.fr", nclocator=NC)
    sql, params = selectors.search_statement("jean.dupont@ac-paris.fr", 25, 0)
    assert params["contains"] == "%jean.dupont@%"
    assert "strpos(u.search_text" in sql
    assert [person["username"] for person in selectors.search_people("dupont@ac-paris.fr", 25, 0)] == ["jdupont"]
    assert selectors.search_people("dupont@ac-lyon.fr", 25, 0) == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_arrivals_keep_counts_exact():
    """Eight sign-in streams at once: every person gets an instance, counts equal the people, the pool stays even."""
    for number in (1, 2, 3):
        NextcloudInstanceFactory(url=f"https://nc{number}.example.fr")
    threads_count, rounds, per_round = 8, 5, 3
    barrier = threading.Barrier(threads_count)
    errors = []

    def sign_ins(thread):
        try:
            barrier.wait()
            for round_number in range(rounds):
                with transaction.atomic():
                    people = [
                        User.objects.create(username=f"t{thread}-{round_number}-{index}", is_active=True)
                        for index in range(per_round)
                    ]
                    services.welcome_new_users([person.pk for person in people])
        except Exception as error:  # reported below, with the thread
            errors.append((thread, error))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_ins, args=(number,)) for number in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    total = threads_count * rounds * per_round
    assert User.objects.filter(nclocator="").count() == 0
    counts = dict(NextcloudInstance.objects.values_list("url", "user_count"))
    actual = {url: User.objects.filter(nclocator=normalize_nclocator(url)).count() for url in counts}
    assert counts == actual
    assert sum(counts.values()) == total
    assert max(counts.values()) - min(counts.values()) <= 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_deletions_and_arrivals_keep_counts_exact():
    for number in (1, 2):
        NextcloudInstanceFactory(url=f"https://nc{number}.example.fr")
    leaving = [User.objects.create(username=f"leaving{index}", is_active=True) for index in range(20)]
    services.welcome_new_users([person.pk for person in leaving])
    errors = []

    def delete_some(start):
        try:
            for person in leaving[start::2]:
                User.objects.filter(pk=person.pk).delete()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    def arrive():
        try:
            for index in range(10):
                with transaction.atomic():
                    person = User.objects.create(username=f"arriving{index}", is_active=True)
                    services.welcome_new_users([person.pk])
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=delete_some, args=(0,)), threading.Thread(target=delete_some, args=(1,))]
    threads.append(threading.Thread(target=arrive))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = dict(NextcloudInstance.objects.values_list("url", "user_count"))
    assert counts == {url: User.objects.filter(nclocator=normalize_nclocator(url)).count() for url in counts}
    assert sum(counts.values()) == 10
