"""The portal's URLs. Each app mounts its own ``urls.py`` here; the API lives under /api/v1/."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from portal.core import views as core_views
from portal.core.api import views as api_views
from portal.users.authentication.views import signout

api_v1 = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI's script is a static file (the split view); the UI sets inline styles, allowed on this page only.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("", include("portal.notifications.api.urls")),
    # --- api v1 ---
    path("", include("apps_catalog.api.urls")),
    path("", include("groups.api.urls")),
    path("", include("blog.api.urls")),
    path("", include("agenda.api.urls")),
    path("", include("polls.api.urls")),
    path("", include("portal.bio.api.urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("signin/", core_views.signin, name="signin"),
    path("waiting/", core_views.waiting_validation, name="waiting_validation"),
    path("legal/<slug:key>/", core_views.legal_page, name="legal_page"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    re_path(r"^api/", api_views.not_found),  # no HTML 404 under /api/
    path("", include("portal.users.urls")),
    # Keycloak: /oidc/authenticate/, /oidc/callback/ (the views are portal.users.authentication's, public). The
    # library's own /oidc/logout/ would ignore the person's sign-out preference: it is the portal's sign-out.
    path("oidc/logout/", signout, name="oidc_logout"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("", include("portal.notifications.urls")),
    # --- feature urls ---
    path("", include("apps_catalog.urls")),
    # Nextcloud lookup server (public, network-restricted): lookup_server = https://<portal>/lookup
    path("lookup/", include("lookup.urls")),
    path("groups/", include("groups.urls")),
    path("blog/", include("blog.urls")),
    path("", include("blog.sitemap_urls")),  # /sitemap.xml
    path("agenda/", include("agenda.urls")),
    path("polls/", include("polls.urls")),
    path("bio/", include("portal.bio.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "portal.core.api.views.bad_request"
