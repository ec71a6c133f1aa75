from django.urls import path

from . import views

app_name = "agenda"

urlpatterns = [
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("invitation/<str:token>/", views.guest_answer, name="guest"),
]
