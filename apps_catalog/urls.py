from django.urls import path

from . import views

app_name = "apps_catalog"

urlpatterns = [
    path("personal/", views.personal_space, name="personal_space"),
    path("services/launch/<int:pk>/", views.service_launch, name="service_launch"),
    path("services/<slug:slug>/", views.service_detail, name="service_detail"),
    path("services/<int:structure_id>/<slug:slug>/", views.service_detail, name="structure_service_detail"),
]
