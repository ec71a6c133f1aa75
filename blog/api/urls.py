from rest_framework.routers import SimpleRouter

from .viewsets import ArticleViewSet, TagViewSet

router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="api-articles")
router.register("tags", TagViewSet, basename="api-tags")

urlpatterns = router.urls
