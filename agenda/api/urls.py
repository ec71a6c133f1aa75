from django.urls import path
from rest_framework.routers import SimpleRouter

from .viewsets import AgendaFeedView, EventViewSet

router = SimpleRouter()
router.register("events", EventViewSet, basename="api-events")

urlpatterns = [*router.urls, path("me/agenda-feed/", AgendaFeedView.as_view(), name="api-agenda-feed")]
