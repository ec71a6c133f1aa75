from rest_framework.routers import SimpleRouter

from .views import InformationMessageViewSet, NotificationViewSet

router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="notification")
router.register("informations", InformationMessageViewSet, basename="information")

urlpatterns = router.urls
