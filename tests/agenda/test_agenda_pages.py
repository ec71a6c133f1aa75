"""The calendar pages (month, week, list, group tab) and the create / edit / delete forms."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda.factories import CategoryFactory
from agenda.models import Event
from agenda.services import create_event

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def series(people, group):
    return create_event(
        organiser=people.organiser,
        title="Conseil pédagogique",
        start=datetime(2026, 3, 3, 17, 0, tzinfo=PARIS),
        end=datetime(2026, 3, 3, 18, 0, tzinfo=PARIS),
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20260630",
        group_ids=[group.pk],
        notify=False,
    )


def test_month_view_shows_the_occurrences_of_the_month(client, people, series):
    client.force_login(people.member)
    page = client.get(reverse("agenda:month"), {"month": "2026-03"})
    assert page.status_code == 200
    assert page.text.count("17:00 Conseil pédagogique") == 3  # 3, 17 and 31 March
    assert "?occurrence=2026-03-17T16%3A00%3A00Z" in page.text
    assert "?month=2026-02" in page.text and "?month=2026-04" in page.text


def test_week_view_without_weekends(client, people, series):
    client.force_login(people.member)
    page = client.get(reverse("agenda:week"), {"date": "2026-03-18", "weekends": "0"})
    assert page.status_code == 200
    assert "Conseil pédagogique" in page.text
    assert "samedi" not in page.text.lower().split("<tbody>")[0].split("<thead>")[1]


def test_list_view_and_empty_state(client, people, series):
    client.force_login(people.member)
    page = client.get(reverse("agenda:list"), {"start": "2026-03-01"})
    assert page.text.count("Conseil pédagogique") == 2  # 3 and 17 March (30 days: up to the 30th)
    empty = client.get(reverse("agenda:list"), {"start": "2027-03-01"})
    assert "Aucun événement sur cette période." in empty.text


def test_filters_by_group_and_category(client, people, series, group):
    category = CategoryFactory(name="Formation")
    create_event(
        organiser=people.member,
        title="Formation numérique",
        start=datetime(2026, 3, 12, 9, 0),
        end=datetime(2026, 3, 12, 12, 0),
        category_id=category.pk,
        notify=False,
    )
    client.force_login(people.member)
    both = client.get(reverse("agenda:month"), {"month": "2026-03"}).text
    assert "Formation numérique" in both and "Conseil pédagogique" in both
    by_group = client.get(reverse("agenda:month"), {"month": "2026-03", "group": group.pk}).text
    assert "Formation numérique" not in by_group and "Conseil pédagogique" in by_group
    by_category = client.get(reverse("agenda:month"), {"month": "2026-03", "category": category.pk}).text
    assert "Formation numérique" in by_category and "Conseil pédagogique" not in by_category


def test_an_outsider_does_not_see_the_events(client, people, series):
    client.force_login(people.outsider)
    assert "Conseil pédagogique" not in client.get(reverse("agenda:month"), {"month": "2026-03"}).text


@pytest.mark.parametrize("size", [1, 8])
def test_month_view_query_count_does_not_grow(client, people, group, size, django_assert_max_num_queries):
    for index in range(size):
        create_event(
            organiser=people.organiser,
            title=f"Série {index}",
            start=datetime(2026, 3, 2 + index, 9, 0),
            end=datetime(2026, 3, 2 + index, 10, 0),
            rrule="FREQ=WEEKLY" if index % 2 else "",
            group_ids=[group.pk],
            notify=False,
        )
    client.force_login(people.member)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("agenda:month"), {"month": "2026-03"})
    assert "Série 0" in page.text


def test_group_tab_for_members_only(client, people, group):
    create_event(
        organiser=people.organiser,
        title="Réunion du groupe",
        start=timezone.now() + timedelta(days=2),
        end=timezone.now() + timedelta(days=2, hours=1),
        group_ids=[group.pk],
        notify=False,
    )
    url = reverse("agenda:group", args=[group.slug])
    client.force_login(people.member)
    page = client.get(url)
    assert page.status_code == 200
    assert "Réunion du groupe" in page.text
    assert f'href="{url}"' in client.get(reverse("groups:detail", args=[group.slug])).text
    client.force_login(people.outsider)
    assert client.get(url).status_code == 404


def test_create_a_recurring_group_event_from_the_form(client, people, group):
    client.force_login(people.organiser)
    assert client.get(reverse("agenda:new"), {"group": group.slug}).status_code == 200
    response = client.post(
        reverse("agenda:new"),
        {
            "title": "Conseil pédagogique",
            "start_date": "2026-03-03",
            "start_time": "17:00",
            "end_date": "2026-03-03",
            "end_time": "18:00",
            "timezone": "Europe/Paris",
            "group_ids": [group.pk],
            "invitees": "prof.invite@ac-lyon.fr, parent@example.org",
            "frequency": "WEEKLY",
            "interval": "2",
            "weekdays": ["TU"],
            "end_mode": "until",
            "until": "2026-06-30",
            "reminders": ["15", "1440"],
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.rrule == "FREQ=WEEKLY;BYDAY=TU;INTERVAL=2;UNTIL=20260630T215959Z"
    assert event.reminders == [15, 1440]
    assert set(event.participants.values_list("user__username", "email")) == {
        ("prof.orga", ""),
        ("prof.membre", ""),
        ("prof.admin", ""),
        ("prof.invite", ""),
        (None, "parent@example.org"),
    }
    page = client.get(event.get_absolute_url())
    assert "toutes les 2 semaines le mardi, jusqu&#x27;au 30 juin 2026" in page.text


def test_the_form_shows_errors_and_saves_nothing(client, people):
    client.force_login(people.organiser)
    response = client.post(
        reverse("agenda:new"),
        {
            "title": "Mauvais",
            "start_date": "2026-03-03",
            "start_time": "17:00",
            "end_date": "2026-03-03",
            "end_time": "16:00",
            "timezone": "Mars/Olympus",
        },
    )
    assert response.status_code == 200
    assert "Fuseau horaire inconnu" in response.text
    assert not Event.objects.exists()


def test_all_day_event_from_the_form(client, people):
    client.force_login(people.organiser)
    client.post(
        reverse("agenda:new"),
        {"title": "Journée pédagogique", "all_day": "on", "start_date": "2026-10-24", "end_date": "2026-10-25"},
    )
    event = Event.objects.get()
    assert (event.first_day, event.last_day) == (date(2026, 10, 24), date(2026, 10, 25))


def test_edit_one_occurrence_from_the_form(client, people, series):
    client.force_login(people.organiser)
    url = reverse("agenda:edit", args=[series.pk])
    key = "2026-03-17T16:00:00Z"
    assert client.get(url, {"occurrence": key}).status_code == 200
    response = client.post(
        url + f"?occurrence={key}",
        {
            "occurrence": key,
            "scope": "this",
            "title": "Conseil (déplacé)",
            "start_date": "2026-03-18",
            "start_time": "17:00",
            "end_date": "2026-03-18",
            "end_time": "18:00",
        },
    )
    assert response.status_code == 302
    override = series.overrides.get()
    assert override.title == "Conseil (déplacé)"
    assert override.start == datetime(2026, 3, 18, 17, 0, tzinfo=PARIS)


def test_a_member_may_not_edit_nor_delete(client, people, series):
    client.force_login(people.member)
    assert client.get(reverse("agenda:edit", args=[series.pk])).status_code == 403
    assert client.post(reverse("agenda:delete", args=[series.pk])).status_code == 403
    client.force_login(people.outsider)
    assert client.get(reverse("agenda:edit", args=[series.pk])).status_code == 404


def test_delete_the_whole_event(client, people, series):
    client.force_login(people.organiser)
    assert client.get(reverse("agenda:delete", args=[series.pk])).status_code == 200
    assert client.post(reverse("agenda:delete", args=[series.pk])).status_code == 302
    assert not Event.objects.exists()


def test_delete_one_occurrence(client, people, series):
    client.force_login(people.organiser)
    key = "2026-03-17T16:00:00Z"
    url = reverse("agenda:delete", args=[series.pk]) + f"?occurrence={key}"
    client.post(url, {"occurrence": key, "scope": "this"})
    series.refresh_from_db()
    assert series.exdates == [key]


def test_an_unknown_occurrence_is_404(client, people, series):
    client.force_login(people.member)
    url = reverse("agenda:event", args=[series.pk])
    assert client.get(url, {"occurrence": "2026-03-18T16:00:00Z"}).status_code == 404
    assert client.get(url, {"occurrence": "garbage"}).status_code == 404
    assert client.get(url, {"occurrence": "2026-03-17T16:00:00Z"}).status_code == 200


def test_occurrence_links_use_the_event_page_path():
    from agenda.recurrence import _EVENT_PATH

    assert reverse("agenda:event", args=[7]) == f"{_EVENT_PATH}7/"


def test_a_busy_day_cell_shows_six_occurrences_and_links_to_the_others(client, people):
    for hour in range(8, 17):
        create_event(
            organiser=people.organiser,
            title=f"Cours de {hour} h",
            start=datetime(2026, 3, 10, hour, 0),
            end=datetime(2026, 3, 10, hour, 45),
            notify=False,
        )
    client.force_login(people.organiser)
    page = client.get(reverse("agenda:month"), {"month": "2026-03"}).text
    assert page.count("Cours de ") == 6
    assert "3 autres" in page and "start=2026-03-10" in page
    listing = client.get(reverse("agenda:list"), {"start": "2026-03-10"}).text
    assert listing.count("Cours de ") == 9


def test_the_main_menu_leads_to_the_agenda(client, people):
    client.force_login(people.member)
    page = client.get(reverse("agenda:month")).text
    assert page.count('class="fr-nav__link"') == page.count("fr-nav__item")  # one link per entry
    assert page.count(f'href="{reverse("agenda:home")}" aria-current="page">Agenda</a>') == 1
