from django.urls import path

from . import views

app_name = "bio"

urlpatterns = [
    path("", views.search, name="search"),
    path("moi/", views.my_card, name="my_card"),
    path("moi/supprimer/", views.delete_my_card, name="delete"),
    path("<str:public_name>/", views.card, name="card"),
    path("<str:public_name>/vcard/", views.card_vcard, name="vcard"),
    path("<str:public_name>/qr.svg", views.card_qr, name="qr"),
]
