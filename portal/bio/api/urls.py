from django.urls import path

from . import views

urlpatterns = [
    path("bio/me/", views.MyCardView.as_view(), name="api-bio-me"),
    path("bio/cards/", views.CardSearchView.as_view(), name="api-bio-cards"),
    path("bio/cards/<str:public_name>/", views.CardDetailView.as_view(), name="api-bio-card"),
    path("bio/skills/", views.SkillListView.as_view(), name="api-bio-skills"),
]
