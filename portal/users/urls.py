from django.urls import include, path

from . import profile, views

urlpatterns = [
    path("structure/choose/", views.choose_structure, name="choose_structure"),
    # --- users urls ---
    path("", include("portal.users.authentication.urls")),  # signin/dev/, signout/
    path("profile/", profile.profile, name="profile"),
    path("profile/avatar/", profile.avatar, name="profile_avatar"),
]
