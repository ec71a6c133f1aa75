"""Back office of the instance pool: global admins only, deletion refused with a reason, the two buttons."""

import pytest
from django.contrib.messages import get_messages

from lookup.factories import NextcloudInstanceFactory
from lookup.models import NextcloudInstance
from portal.users.factories import UserFactory
from portal.users.models import User

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/lookup/nextcloudinstance/"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def instance(db):
    return NextcloudInstanceFactory(url="https://nc1.example.fr")


def test_global_admin_sees_and_adds_instances(client, global_admin, instance):
    client.force_login(global_admin)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert "nc1.example.fr" in response.content.decode()
    assert "Donner un serveur à toutes les personnes qui n'en ont pas" in response.content.decode()
    created = client.post(f"{CHANGELIST}add/", {"url": "https://nc2.example.fr/", "active": "on"})
    assert created.status_code == 302
    assert NextcloudInstance.objects.get(host="nc2.example.fr").url == "https://nc2.example.fr"


@pytest.mark.parametrize("actor", ["lyon_admin", "teacher"])
def test_others_are_kept_out(client, request, instance, actor):
    client.force_login(request.getfixturevalue(actor))
    for url in (CHANGELIST, f"{CHANGELIST}{instance.pk}/change/", f"{CHANGELIST}{instance.pk}/delete/"):
        assert client.get(url).status_code in (302, 403)
    for url in (f"{CHANGELIST}assign-missing/", f"{CHANGELIST}recount/", f"{CHANGELIST}{instance.pk}/delete/"):
        assert client.post(url, {"post": "yes"}).status_code in (302, 403)
    assert NextcloudInstance.objects.filter(pk=instance.pk).exists()


def test_deleting_an_instance_with_people_is_refused_with_the_reason(client, global_admin, instance):
    UserFactory.create_batch(2, nclocator=instance.url)
    client.force_login(global_admin)
    refusal = (
        "Le serveur nc1.example.fr héberge encore 2 personnes : il ne peut pas être supprimé. "
        "Désactivez-le pour qu'il ne reçoive plus de nouvelles personnes."
    )
    for method, data in ((client.get, None), (client.post, {"post": "yes"})):
        response = method(f"{CHANGELIST}{instance.pk}/delete/", data)
        assert response.status_code == 302
        assert response["Location"] == f"{CHANGELIST}{instance.pk}/change/"
        assert messages_of(response)[-1] == refusal
        client.get(response["Location"])  # shows (and consumes) the message
    assert NextcloudInstance.objects.filter(pk=instance.pk).exists()


def test_deleting_an_empty_instance(client, global_admin, instance):
    client.force_login(global_admin)
    assert client.get(f"{CHANGELIST}{instance.pk}/delete/").status_code == 200
    response = client.post(f"{CHANGELIST}{instance.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not NextcloudInstance.objects.filter(pk=instance.pk).exists()
    assert messages_of(response) == ["Le serveur nc1.example.fr a été supprimé."]


def test_assign_missing_button(client, global_admin, instance, django_capture_on_commit_callbacks):
    UserFactory.create_batch(3, nclocator="")
    client.force_login(global_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{CHANGELIST}assign-missing/")
    assert response.status_code == 302
    assert User.objects.filter(nclocator="").count() == 0
    assert NextcloudInstance.objects.get(pk=instance.pk).user_count == 4  # the admin too
    assert client.get(f"{CHANGELIST}assign-missing/").status_code == 405


def test_recount_button(client, global_admin, instance):
    UserFactory.create_batch(3, nclocator="nc1.example.fr")
    client.force_login(global_admin)
    response = client.post(f"{CHANGELIST}recount/")
    assert response.status_code == 302
    assert messages_of(response) == ["Les compteurs ont été recalculés."]
    assert NextcloudInstance.objects.get(pk=instance.pk).user_count == 3
