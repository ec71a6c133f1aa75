from django.urls import path

from . import views

app_name = "polls"

urlpatterns = [
    path("", views.my_polls, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/results.csv", views.export, name="export"),
    path("<int:pk>/<slug:action>/", views.poll_action, name="action"),
    path("p/<str:token>/", views.public, name="public"),
    path("p/<str:token>/r/<str:edit_token>/", views.public, name="public_answer"),
    path("group/<slug:slug>/", views.group_polls, name="group_polls"),
]
