"""URLs of the sign-in pages (mounted at the root by ``portal.users.urls``; Keycloak's are under ``/oidc/``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("signin/dev/", views.dev_signin, name="dev_signin"),
    path("signout/", views.signout, name="signout"),
]
