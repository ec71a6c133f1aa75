"""Settings of the portal, driven by environment variables (see docs/configuration.md).

Two modes:
- the embedded default (no variable set): SQLite under var/, local-memory cache, Celery tasks run in-process,
  e-mail to the console, media on local disk, DEBUG on;
- production (DJANGO_ENV=production): PostgreSQL, Redis, SMTP, optional S3 media, strict security. It refuses
  to start, with one line naming the missing variable, when a required variable is absent.
"""

import sys
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"


def _refuse(message):
    """Stop the process with a single, readable line (production misconfiguration)."""
    sys.exit(f"Configuration error: {message}")


def _required(name):
    """Return a required production variable, or refuse to start."""
    value = env.str(name, default="")
    if not value:
        _refuse(f"{name} is required when DJANGO_ENV=production.")
    return value


# --- Core -------------------------------------------------------------------------------------------------------

if PRODUCTION:
    SECRET_KEY = _required("SECRET_KEY")
    ALLOWED_HOSTS = [host.strip() for host in _required("ALLOWED_HOSTS").split(",") if host.strip()]
    DEBUG = env.bool("DEBUG", default=False)
    if DEBUG:
        _refuse("DEBUG must be off when DJANGO_ENV=production.")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-never-used-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    DEBUG = env.bool("DEBUG", default=True)

PORTAL_NAME = env.str("PORTAL_NAME", default="Portail apps.education.fr")
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# What the footer claims about accessibility (RGAA): "none" until an audit says "partial" or "full".
ACCESSIBILITY_COMPLIANCE = env.str("ACCESSIBILITY_COMPLIANCE", default="none")
if ACCESSIBILITY_COMPLIANCE not in ("none", "partial", "full"):
    _refuse("ACCESSIBILITY_COMPLIANCE must be none, partial or full.")

INSTALLED_APPS = [
    "portal.core.apps.PortalAdminConfig",  # django.contrib.admin with the portal's admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dsfr",
    "widget_tweaks",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "mozilla_django_oidc",
    "csp",
    # --- core apps ---
    "portal.core",
    "portal.structures",
    "portal.users",
    "portal.notifications",
    "portal.bio",
    # --- feature apps ---
    "apps_catalog",
    "groups",
    "lookup",
    "blog",
    "agenda",
    "polls",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.core.middleware.CSPMiddleware",
    "portal.core.middleware.PrivacyHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "portal.users.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.core.middleware.AccessGateMiddleware",
    # --- feature middleware ---
    "portal.users.authentication.middleware.OIDCSessionRefreshMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.core.context_processors.portal",
                "portal.notifications.context_processors.notifications",
                # --- feature context processors ---
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------------------------

if PRODUCTION:
    DATABASES = {"default": env.db_url_config(_required("DATABASE_URL"))}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        _refuse("DATABASE_URL must point at PostgreSQL when DJANGO_ENV=production.")
else:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # SQLite: wait on locks instead of failing at once (the dev server and the Celery eager tasks share the file).
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"

# --- Cache, Celery ----------------------------------------------------------------------------------------------

REDIS_URL = _required("REDIS_URL") if PRODUCTION else env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
# Without a broker configured, tasks run in-process (embedded default and the test suite).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Paris"
# Periodic tasks, declared in code: each feature app adds its entries here ("name": {"task": ..., "schedule": ...}).
CELERY_BEAT_SCHEDULE = {
    "notifications-purge-expired": {
        "task": "portal.notifications.tasks.purge_expired_notifications",
        "schedule": 3600,
    },
    # --- periodic tasks ---
    "polls.close_expired_polls": {"task": "polls.tasks.close_expired_polls", "schedule": 300},
    "polls.remind_non_respondents": {"task": "polls.tasks.remind_non_respondents", "schedule": 3600},
    "agenda.send_reminders": {"task": "agenda.send_reminders", "schedule": 300},
    "core.purge_audit_entries": {"task": "core.purge_audit_entries", "schedule": 24 * 3600},
    "lookup.refresh_trigram_shares": {"task": "lookup.tasks.refresh_trigram_shares_task", "schedule": 24 * 3600},
    "apps_catalog.purge_launch_buckets": {"task": "apps_catalog.tasks.purge_launch_buckets", "schedule": 24 * 3600},
}

# --- Authentication ---------------------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "portal.users.backends.BreakGlassModelBackend",
    # --- authentication backends ---
    "portal.users.authentication.backend.PortalOIDCBackend",
    "portal.users.authentication.backend.DevSigninBackend",
]
LOGIN_URL = "signin"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "signin"

# Global admins may sign in to /admin/ with a local password when Keycloak is unreachable.
BREAK_GLASS_LOGIN = env.bool("BREAK_GLASS_LOGIN", default=True)
# E-mail addresses that become global administrators when they sign in.
ADMIN_EMAILS = [email.lower() for email in env.list("ADMIN_EMAILS", default=[])]
# New accounts whose e-mail domain matches one of these regular expressions are active at once.
ACTIVATION_DOMAIN_PATTERNS = env.list(
    "ACTIVATION_DOMAIN_PATTERNS", default=[r"^ac-[a-z-]+\.fr$", r"^([a-z-]+\.)*gouv\.fr$"]
)
# Every structure change needs the approval of the structure's admins (also settable in the back office).
STRUCTURE_VALIDATION_REQUIRED = env.bool("STRUCTURE_VALIDATION_REQUIRED", default=False)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ---------------------------------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media files -------------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
if not PRODUCTION:
    Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # else WhiteNoise warns on each request before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded images (avatars, logos, icons) are refused above this size, in bytes.
MAX_IMAGE_UPLOAD_SIZE = env.int("MAX_IMAGE_UPLOAD_SIZE", default=2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)

# --- E-mail -----------------------------------------------------------------------------------------------------

if PRODUCTION or env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Portail <no-reply@apps.education.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # The TLS-terminating ingress sets this header; without it SECURE_SSL_REDIRECT would loop.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = []

# --- REST API ---------------------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["portal.core.api.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["portal.core.api.permissions.IsActiveUser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["portal.core.api.parsers.JSONParser", "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "portal.core.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        # --- throttle rates ---
        # Nextcloud lookup server, per client address (lookup.access; DRF's rate format).
        "lookup": env.str("LOOKUP_RATE_LIMIT", default="3000/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Portail apps.education.fr API",
    "DESCRIPTION": "JSON API of the portal (session authentication).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets sharing a field name across apps get explicit component names.
    "ENUM_NAME_OVERRIDES": {"PollKindEnum": "polls.models.Poll.Kind"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.core.api.schema.add_error_responses",
    ],
}

# --- Logging ----------------------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Feature settings -------------------------------------------------------------------------------------------

# Where "/" sends a signed-in person: the first resolver returning a URL wins (dotted paths to
# ``resolver(request) -> str | None``). Informations come first, then the personal space.
HOME_LANDING_RESOLVERS = [
    "portal.notifications.landing.unread_informations",
    # --- landing resolvers ---
    "apps_catalog.landing.personal_space",  # keep last: the fallback landing
]
# Functions ``hook(request) -> dict`` adding to the sign-in page's context (sign-in methods, offline services...).
SIGNIN_PAGE_CONTEXT_HOOKS = [
    # --- sign-in page hooks ---
    "portal.users.authentication.hooks.signin_methods",
    "apps_catalog.hooks.signin_offline_services",
]

# --- audit trail (portal.core.audit) ---
# Days an audit entry is kept before the daily purge deletes it (0: forever).
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=365)

# --- notifications ---
# Days before a notification of each kind expires and is purged (0 or absent: never). Override with
# NOTIFICATION_EXPIRY_DAYS="message=30,request=90,...".
NOTIFICATION_EXPIRY_DAYS = {
    "message": 30,
    "information": 30,
    "request": 90,
    "role_set": 30,
    "role_unset": 30,
    "group": 60,
    **{kind: int(days) for kind, days in env.dict("NOTIFICATION_EXPIRY_DAYS", default={}).items()},
}

# --- apps_catalog (services, personal space, bookmarks) ---
# Launch counters (hourly buckets) older than this are purged every day.
LAUNCH_STATS_RETENTION_DAYS = env.int("LAUNCH_STATS_RETENTION_DAYS", default=365)
# "Apply the default space to every person of my structure" works in batches of this many people.
DEFAULT_SPACE_BATCH_SIZE = env.int("DEFAULT_SPACE_BATCH_SIZE", default=1000)
# Bookmark imports: largest file accepted (bytes) and most bookmarks created by one import.
BOOKMARK_IMPORT_MAX_SIZE = env.int("BOOKMARK_IMPORT_MAX_SIZE", default=5 * 1024 * 1024)
BOOKMARK_IMPORT_MAX_ITEMS = env.int("BOOKMARK_IMPORT_MAX_ITEMS", default=2000)
# List the services flagged "offline" on the public sign-in page.
OFFLINE_SERVICES_ON_SIGNIN = env.bool("OFFLINE_SERVICES_ON_SIGNIN", default=True)

# --- groups ---
# Names nobody may give a group (compared case-insensitively); "<digits>_..." is also reserved for structure groups.
GROUP_RESERVED_NAMES = env.list("GROUP_RESERVED_NAMES", default=["admins", "adminStructure"])
# Group plugins a group admin may switch on (wired by the integrations: Nextcloud share...).
GROUP_PLUGINS = env.list("GROUP_PLUGINS", default=["nextcloud"])
# A structure that moves with more people than this in its subtree has their structure groups resynced by a Celery
# task after the commit (fewer: at once, in the same transaction).
GROUP_SYNC_INLINE_MAX_PEOPLE = env.int("GROUP_SYNC_INLINE_MAX_PEOPLE", default=5000)

# --- polls: polls/, docs/configuration.md ---
# Public answers and bookings per client address and per poll ("count/period", period s, m, h or d; empty: no limit).
POLLS_PUBLIC_RATE_LIMIT = env.str("POLLS_PUBLIC_RATE_LIMIT", default="20/h")

# --- OpenID Connect (Keycloak) and the dev sign-in: portal.users.authentication, docs/keycloak.md ---
from portal.users.authentication.endpoints import keycloak_endpoints  # noqa: E402 (no Django import inside)

# The Keycloak realm URL (https://kc.example/realms/apps); the endpoints follow Keycloak's layout. Empty: no OIDC.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_ENABLED = bool(OIDC_ISSUER)
vars().update(keycloak_endpoints(OIDC_ISSUER))  # OIDC_OP_{AUTHORIZATION,TOKEN,USER,JWKS,LOGOUT}_ENDPOINT
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="portal")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_STORE_ID_TOKEN = True  # sent back as id_token_hint on global logout
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
# After this many seconds, the next page view silently re-authenticates at Keycloak (disabled people lose access).
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = env.int("OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS", default=15 * 60)
# Link a first Keycloak sign-in to an existing account by e-mail when sub and username found none (off: unsafe
# when two people share an address).
OIDC_ALLOW_EMAIL_MATCH = env.bool("OIDC_ALLOW_EMAIL_MATCH", default=False)
OIDC_AUTHENTICATE_CLASS = "portal.users.authentication.views.AuthenticationRequestView"
OIDC_CALLBACK_CLASS = "portal.users.authentication.views.AuthenticationCallbackView"
LOGIN_REDIRECT_URL_FAILURE = "signin"
# One click per demo person at /signin/dev/, no password: development only; production refuses to start with it.
DEV_SIGNIN_ENABLED = env.bool("DEV_SIGNIN_ENABLED", default=not PRODUCTION and DEBUG and not OIDC_ENABLED)
if PRODUCTION and DEV_SIGNIN_ENABLED:
    _refuse("DEV_SIGNIN_ENABLED must be off when DJANGO_ENV=production.")
if PRODUCTION and OIDC_ENABLED and not OIDC_RP_CLIENT_SECRET:
    _refuse("OIDC_RP_CLIENT_SECRET is required when OIDC_ISSUER is set.")

# --- Nextcloud lookup server: lookup/, docs/nextcloud.md ---
# Client networks (CIDR) allowed to call /lookup/ (the Nextcloud nodes, or the network they come from).
LOOKUP_ALLOWED_NETWORKS = env.list("LOOKUP_ALLOWED_NETWORKS", default=["127.0.0.0/8", "::1/128"])
# Reverse proxies / ingress (CIDR) whose X-Forwarded-For is believed; empty: the socket peer is the client.
LOOKUP_TRUSTED_PROXIES = env.list("LOOKUP_TRUSTED_PROXIES", default=[])
# The globalsiteselector's gss.jwt.key, sent as authKey to POST /lookup/instances; empty: that endpoint answers 403.
LOOKUP_AUTH_KEY = env.str("LOOKUP_AUTH_KEY", default="")
# Requests per client address (empty: no limit); set with the other throttle rates above.
LOOKUP_RATE_LIMIT = REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["lookup"]

# --- agenda: agenda/, docs/configuration.md ---
# Domain part of the UIDs of the events the portal creates (RFC 5545 UID, "<uuid>@<domain>").
AGENDA_UID_DOMAIN = env.str("AGENDA_UID_DOMAIN", default="apps.education.fr")
# Invitation e-mails are queued in batches of this many recipients (one Celery job per batch).
AGENDA_INVITATION_BATCH_SIZE = env.int("AGENDA_INVITATION_BATCH_SIZE", default=200)
# Limits of an .ics import: file size in bytes and number of components.
AGENDA_IMPORT_MAX_BYTES = env.int("AGENDA_IMPORT_MAX_BYTES", default=2 * 1024 * 1024)
AGENDA_IMPORT_MAX_EVENTS = env.int("AGENDA_IMPORT_MAX_EVENTS", default=2000)
# Membership changes touching more people than this refresh the group events' participants in a Celery job.
AGENDA_GROUP_SYNC_INLINE_MAX_PEOPLE = env.int("AGENDA_GROUP_SYNC_INLINE_MAX_PEOPLE", default=200)
# Reminders are sent by a beat task every 5 minutes; one more than this late (a stopped worker) is dropped.
AGENDA_REMINDER_GRACE_MINUTES = env.int("AGENDA_REMINDER_GRACE_MINUTES", default=60)


# --- Content Security Policy (django-csp) and the other privacy headers: docs/architecture.md "Response headers" ---
from csp.constants import NONCE, NONE, SELF  # noqa: E402

from portal.core.origins import media_origins  # noqa: E402

# Scripts only from this host or carrying the page's nonce; no inline script, no eval, no plug-in, no framing.
# Forms post to this host only (and Keycloak).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [
            SELF,
            "data:",
            *media_origins(MEDIA_URL, _media_storage.get("OPTIONS", {})),
            *env.list("CSP_IMG_SRC", default=[]),
        ],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],  # + OIDC_ISSUER's origin, added per answer (portal.core.middleware.CSPMiddleware)
    }
}
# Browser features no page of the portal uses, switched off for every page (Permissions-Policy header).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), usb=(), browsing-topics=()"
)
