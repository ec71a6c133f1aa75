"""Mounted at ``lookup/``: the base URL to put in each Nextcloud's ``lookup_server`` is ``https://<portal>/lookup``.

Every route exists as ``/x`` and ``/index.php/x`` (as upstream); none has a trailing slash, and the catch-all at
the end answers any other path itself, so Django's ``APPEND_SLASH`` never redirects under this base.
"""

from django.urls import path, re_path

from . import views

app_name = "lookup"

urlpatterns = [
    path("", views.root, name="root"),
    path("index.php", views.root),
    path("index.php/", views.root),
]
for prefix in ("", "index.php/"):
    urlpatterns += [
        path(f"{prefix}users", views.users, name="users" if not prefix else None),
        path(f"{prefix}instances", views.instances, name="instances" if not prefix else None),
        path(f"{prefix}gs/instances", views.instances),
        path(f"{prefix}gs/users", views.gs_users),
        path(f"{prefix}status", views.status, name="status" if not prefix else None),
    ]
urlpatterns.append(re_path(r"^(?P<path>.+)$", views.not_found))
