from django.urls import path

from . import views

urlpatterns = [
    path("structure/choose/", views.choose_structure, name="choose_structure"),
    path("signout/", views.signout, name="signout"),
    # --- users urls ---
]
