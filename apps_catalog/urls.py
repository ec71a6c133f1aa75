from django.urls import path

from . import views

app_name = "apps_catalog"

urlpatterns = [
    path("personal/", views.personal_space, name="personal_space"),
    path("personal/items/remove/", views.space_item_remove, name="space_item_remove"),
    path("personal/default-spaces/", views.default_space_list, name="default_space_list"),
    path("personal/default-spaces/<int:structure_id>/", views.default_space_edit, name="default_space_edit"),
    path("personal/default-spaces/<int:structure_id>/apply/", views.default_space_apply, name="default_space_apply"),
    path("structure/", views.structure_services, name="structure_services"),
    path("services/", views.catalogue, name="catalogue"),
    path("services/stats/", views.launch_stats, name="launch_stats"),
    path("services/launch/<int:pk>/", views.service_launch, name="service_launch"),
    path("services/favourite/<int:pk>/", views.service_favourite, name="service_favourite"),
    path("services/<slug:slug>/", views.service_detail, name="service_detail"),
    path("services/<int:structure_id>/<slug:slug>/", views.service_detail, name="structure_service_detail"),
    path("bookmarks/", views.bookmark_list, name="bookmarks"),
    path("bookmarks/import/", views.bookmark_import, name="bookmark_import"),
    path("bookmarks/export/", views.bookmark_export, name="bookmark_export"),
    path("bookmarks/<int:pk>/edit/", views.bookmark_edit, name="bookmark_edit"),
    path("bookmarks/<int:pk>/delete/", views.bookmark_delete, name="bookmark_delete"),
    path("bookmarks/<int:pk>/favourite/", views.bookmark_favourite, name="bookmark_favourite"),
]
