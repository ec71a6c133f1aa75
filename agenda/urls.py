from django.urls import path

from . import views, views_calendar, views_ics

app_name = "agenda"

urlpatterns = [
    path("", views.home, name="home"),
    path("month/", views_calendar.month, name="month"),
    path("week/", views_calendar.week, name="week"),
    path("list/", views_calendar.agenda_list, name="list"),
    path("new/", views.event_new, name="new"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="edit"),
    path("events/<int:pk>/delete/", views.event_delete, name="delete"),
    path("events/<int:pk>/ics/", views_ics.export, name="export"),
    path("invitation/<str:token>/", views.guest_answer, name="guest"),
    path("subscriptions/", views_ics.subscriptions, name="subscriptions"),
    path("ics/<str:token>.ics", views_ics.feed, name="feed"),
    path("groups/<slug:slug>/", views_calendar.group_agenda, name="group"),
    path("groups/<slug:slug>/feed/", views_ics.group_feed, name="group_feed"),
]
