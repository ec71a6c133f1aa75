"""Routes of the catalogue API, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("services", views.ServiceViewSet, basename="api-service")
router.register("categories", views.CategoryViewSet, basename="api-category")
router.register("me/bookmarks", views.BookmarkViewSet, basename="api-bookmark")

urlpatterns = [
    path("me/space/", views.SpaceView.as_view(), name="api-me-space"),
    path("me/favourites/", views.FavouriteListView.as_view(), name="api-favourites"),
    path("me/favourites/<str:kind>/<int:object_id>/", views.FavouriteDetailView.as_view(), name="api-favourite-detail"),
    path("default-spaces/<int:structure_id>/", views.DefaultSpaceView.as_view(), name="api-default-space"),
    path(
        "default-spaces/<int:structure_id>/apply/",
        views.DefaultSpaceApplyView.as_view(),
        name="api-default-space-apply",
    ),
    path(
        "default-spaces/<int:structure_id>/application/",
        views.DefaultSpaceApplicationView.as_view(),
        name="api-default-space-application",
    ),
    *router.urls,
]
