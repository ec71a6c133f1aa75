"""The Nextcloud instance pool: least-loaded assignment, exact counts, deletion rules, the batch task."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from lookup import services
from lookup.abilities import can_manage_pool, get_instance_abilities
from lookup.factories import NextcloudInstanceFactory
from lookup.models import NextcloudInstance
from portal.users.factories import UserFactory
from portal.users.models import User
from portal.users.signals import users_created

pytestmark = pytest.mark.django_db


def counts():
    return dict(NextcloudInstance.objects.values_list("host", "user_count"))


def people_per_instance():
    """The truth the counts must equal: people per canonical host of their nclocator."""
    return {
        instance.host: sum(1 for user in User.objects.exclude(nclocator="") if user.nclocator == instance.host)
        for instance in NextcloudInstance.objects.all()
    }


def new_people(count, **fields):
    people = UserFactory.create_batch(count, nclocator="", **fields)
    users_created.send(sender=User, user_ids=[person.pk for person in people])
    return people


@pytest.fixture
def pool(db):
    return {
        "nc1": NextcloudInstanceFactory(url="https://nc1.example.fr"),
        "nc2": NextcloudInstanceFactory(url="https://nc2.example.fr"),
        "nc3": NextcloudInstanceFactory(url="https://nc3.example.fr"),
        "old": NextcloudInstanceFactory(url="https://old.example.fr", active=False),
    }


def test_new_people_get_the_least_loaded_active_instance(pool):
    NextcloudInstance.objects.filter(host="nc1.example.fr").update(user_count=5)
    NextcloudInstance.objects.filter(host="nc3.example.fr").update(user_count=2)
    people = new_people(10)
    # nc2 (0) catches up with nc3 (2), both catch up with nc1 (5), then one each from the lowest id; never "old".
    assert counts() == {"nc1.example.fr": 6, "nc2.example.fr": 6, "nc3.example.fr": 5, "old.example.fr": 0}
    assert {person.nclocator for person in User.objects.filter(pk__in=[p.pk for p in people])} == {
        "nc1.example.fr",
        "nc2.example.fr",
        "nc3.example.fr",
    }


def test_assignment_is_bulk(pool, django_assert_max_num_queries):
    people = UserFactory.create_batch(30, nclocator="")
    # savepoints, lock + read (arrivals and assignment), one UPDATE per instance for the people and for the counts
    with django_assert_max_num_queries(16):
        services.welcome_new_users([person.pk for person in people])
    assert sum(counts().values()) == 30
    assert counts() == people_per_instance()


def test_people_arriving_with_an_instance_are_counted_on_it(pool):
    arrived = [
        UserFactory(nclocator="nc2.example.fr"),
        UserFactory(nclocator="https://nc2.example.fr/"),
        UserFactory(nclocator="https://old.example.fr"),
        UserFactory(nclocator="elsewhere.example.fr"),
    ]
    users_created.send(sender=User, user_ids=[person.pk for person in arrived])
    assert counts() == {"nc1.example.fr": 0, "nc2.example.fr": 2, "nc3.example.fr": 0, "old.example.fr": 1}
    assert {person.nclocator for person in User.objects.all()} == {
        "nc2.example.fr",
        "https://nc2.example.fr/",
        "https://old.example.fr",
        "elsewhere.example.fr",
    }


def test_without_an_active_instance_nobody_is_assigned(db):
    NextcloudInstanceFactory(url="https://old.example.fr", active=False)
    (person,) = new_people(1)
    person.refresh_from_db()
    assert person.nclocator == ""
    assert counts() == {"old.example.fr": 0}


def test_an_already_assigned_person_is_not_reassigned(pool):
    person = UserFactory(nclocator="")
    services.assign_instances([person.pk])
    person.refresh_from_db()
    first = person.nclocator
    services.assign_instances([person.pk])
    person.refresh_from_db()
    assert person.nclocator == first
    assert sum(counts().values()) == 1


def test_import_users_assigns_instances(pool, tmp_path):
    csv_file = tmp_path / "people.csv"
    csv_file.write_text(
        "username,first_name,last_name,email,nclocator,structure\n"
        "a.one,Anne,One,a.one@ac-lyon.fr,,\n"
        "b.two,Bob,Two,b.two@ac-lyon.fr,nc3.example.fr,\n"
        "c.three,Cléa,Three,c.three@ac-lyon.fr,,\n",
        encoding="utf-8",
    )
    call_command("import_users", str(csv_file), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    assert User.objects.get(username="b.two").nclocator == "nc3.example.fr"
    assert User.objects.filter(nclocator="").count() == 0
    assert counts() == {"nc1.example.fr": 1, "nc2.example.fr": 1, "nc3.example.fr": 1, "old.example.fr": 0}


def test_deleting_a_person_frees_the_slot(pool):
    people = new_people(4)
    before = counts()
    host = NextcloudInstance.objects.get(host=User.objects.get(pk=people[0].pk).nclocator).host
    User.objects.get(pk=people[0].pk).delete()
    assert counts() == {**before, host: before[host] - 1}
    User.objects.filter(pk__in=[person.pk for person in people[1:]]).delete()
    assert sum(counts().values()) == 0


def test_deleting_a_person_of_no_pool_instance_changes_nothing(pool):
    UserFactory(nclocator="elsewhere.example.fr").delete()
    UserFactory(nclocator="").delete()
    assert sum(counts().values()) == 0


def test_counts_never_go_negative(pool):
    person = UserFactory(nclocator="https://nc1.example.fr")  # never counted (not created through the signal)
    person.delete()
    assert counts()["nc1.example.fr"] == 0


def test_recount(pool):
    new_people(5)
    UserFactory.create_batch(2, nclocator="nc1.example.fr/")  # written by hand, never counted
    NextcloudInstance.objects.filter(host="nc3.example.fr").update(user_count=40)
    result = services.recount_instances()
    assert result == counts()
    assert counts()["nc1.example.fr"] == 2 + sum(1 for u in User.objects.filter(nclocator="nc1.example.fr"))
    assert sum(counts().values()) == 7


def test_assign_missing_in_batches(pool, django_assert_max_num_queries):
    UserFactory.create_batch(25, nclocator="")
    UserFactory(nclocator="elsewhere.example.fr")
    # per batch of 10: the ids, a savepoint and its release, the lock, the missing, 3 person UPDATEs and 3 count
    # UPDATEs; then the empty read that ends the loop
    with django_assert_max_num_queries(3 * 11 + 1):
        assert services.assign_missing_instances(batch_size=10) == 25
    assert User.objects.filter(nclocator="").count() == 0
    assert counts() == {"nc1.example.fr": 9, "nc2.example.fr": 8, "nc3.example.fr": 8, "old.example.fr": 0}


def test_assign_missing_is_a_task_after_commit(pool, global_admin, django_capture_on_commit_callbacks):
    UserFactory.create_batch(4, nclocator="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.request_assign_missing(global_admin)
        assert User.objects.filter(nclocator="").count() == 5  # nothing before the commit (global_admin too)
    assert len(callbacks) == 1
    assert User.objects.filter(nclocator="").count() == 0


@pytest.mark.parametrize("actor", ["lyon_admin", "teacher"])
def test_only_global_admins_manage_the_pool(pool, request, actor):
    user = request.getfixturevalue(actor)
    assert not can_manage_pool(user)
    assert get_instance_abilities(user, pool["old"]) == {"view": False, "update": False, "delete": False}
    with pytest.raises(PermissionDenied):
        services.request_assign_missing(user)
    with pytest.raises(PermissionDenied):
        services.recount_instances(user)
    with pytest.raises(PermissionDenied):
        services.delete_instance(user, pool["old"])
    assert NextcloudInstance.objects.filter(pk=pool["old"].pk).exists()


def test_an_instance_without_people_can_be_deleted(pool, global_admin):
    assert get_instance_abilities(global_admin, pool["old"]) == {"view": True, "update": True, "delete": True}
    services.delete_instance(global_admin, pool["old"])
    assert not NextcloudInstance.objects.filter(pk=pool["old"].pk).exists()


def test_an_instance_with_people_cannot_be_deleted(pool, global_admin):
    new_people(3)
    instance = NextcloudInstance.objects.get(host="nc1.example.fr")
    assert get_instance_abilities(global_admin, instance)["delete"] is False
    with pytest.raises(ValidationError) as error:
        services.delete_instance(global_admin, instance)
    assert error.value.messages == [
        "Le serveur nc1.example.fr héberge encore 1 personne : il ne peut pas être supprimé. "
        "Désactivez-le pour qu'il ne reçoive plus de nouvelles personnes."
    ]
    assert NextcloudInstance.objects.filter(pk=instance.pk).exists()


def test_a_wrong_count_does_not_let_an_instance_with_people_go(pool, global_admin):
    UserFactory(nclocator="https://old.example.fr/")  # on the instance, but never counted
    with pytest.raises(ValidationError):
        services.delete_instance(global_admin, pool["old"])
    assert NextcloudInstance.objects.get(pk=pool["old"].pk).user_count == 1


def test_instance_url_is_validated(db):
    for url in ("ftp://nc.example.fr", "not a url", "https://nc.example.fr/?x=1", "https://", "nc_1.example.fr"):
        with pytest.raises(ValidationError):
            NextcloudInstance(url=url).full_clean()
    NextcloudInstanceFactory(url="https://nc1.example.fr")
    with pytest.raises(ValidationError) as error:
        NextcloudInstance(url="HTTPS://NC1.example.fr/").full_clean()
    assert error.value.message_dict == {"url": ["Ce serveur est déjà dans la liste."]}
    instance = NextcloudInstance(url=" https://example.fr/nextcloud/ ")
    instance.full_clean()
    instance.save()
    assert (instance.url, instance.host) == ("https://example.fr/nextcloud", "example.fr/nextcloud")


@pytest.mark.parametrize(
    ("entered", "url", "host"),
    [
        ("nuage03.example.fr/nextcloud", "https://nuage03.example.fr/nextcloud", "nuage03.example.fr/nextcloud"),
        (
            "https://nuage03.example.fr/nextcloud/",
            "https://nuage03.example.fr/nextcloud",
            "nuage03.example.fr/nextcloud",
        ),
        ("nuage03.example.fr:8443", "https://nuage03.example.fr:8443", "nuage03.example.fr:8443"),
        ("http://nuage03.example.fr:8080/", "http://nuage03.example.fr:8080", "http://nuage03.example.fr:8080"),
    ],
)
def test_instance_pool_accepts_every_form_of_address(db, entered, url, host):
    instance = NextcloudInstance(url=entered)
    instance.full_clean()
    instance.save()
    assert (instance.url, instance.host) == (url, host)
    person = new_people(1)[0]
    person.refresh_from_db()
    assert person.nclocator == host  # people store the normalised form, whatever form the address was entered in


def test_demo_is_idempotent(db, global_admin):
    from lookup import demo

    UserFactory.create_batch(5, nclocator="")
    demo.seed(None)
    demo.seed(None)
    assert NextcloudInstance.objects.count() == 3
    assert User.objects.filter(nclocator="").count() == 0
    assert sum(counts().values()) == 6
