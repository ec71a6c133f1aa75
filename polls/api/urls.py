from rest_framework.routers import SimpleRouter

from .viewsets import PollViewSet, PublicPollViewSet

router = SimpleRouter()
# The public routes first: "public" is not a poll id.
router.register("polls/public", PublicPollViewSet, basename="api-polls-public")
router.register("polls", PollViewSet, basename="api-polls")

urlpatterns = router.urls
