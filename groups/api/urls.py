from rest_framework.routers import SimpleRouter

from .viewsets import GroupBookmarkViewSet, GroupViewSet

router = SimpleRouter()
router.register("groups", GroupViewSet, basename="api-groups")
router.register("group-bookmarks", GroupBookmarkViewSet, basename="api-group-bookmarks")

urlpatterns = router.urls
