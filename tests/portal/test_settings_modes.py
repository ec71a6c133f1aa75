"""The two modes of ``portal/settings.py``: the embedded default, and production, which refuses to start misconfigured.

Each case starts a fresh Python process with a controlled environment (settings are read once per process).
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "portail.apps.education.fr,www.portail.apps.education.fr",
    "DATABASE_URL": "postgres://portal:secret@db.internal:5432/portal",
    "REDIS_URL": "redis://redis.internal:6379/0",
}
REQUIRED = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"]

SHOW = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ENGINE": s.DATABASES["default"]["ENGINE"],
    "NAME": str(s.DATABASES["default"]["NAME"]),
    "CONN_MAX_AGE": s.DATABASES["default"].get("CONN_MAX_AGE"),
    "CONN_HEALTH_CHECKS": s.DATABASES["default"].get("CONN_HEALTH_CHECKS"),
    "CACHE": s.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": s.CACHES["default"].get("LOCATION"),
    "BROKER": s.CELERY_BROKER_URL,
    "EAGER": s.CELERY_TASK_ALWAYS_EAGER,
    "EMAIL_BACKEND": s.EMAIL_BACKEND,
    "MEDIA_STORAGE": s.STORAGES["default"]["BACKEND"],
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
}))
"""


def run_python(code, env, *args):
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": os.environ.get("HOME", "/")}
    return subprocess.run(
        [sys.executable, *(["-c", code] if code else []), *args],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def show(env):
    process = run_python(SHOW, env)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def test_embedded_default_needs_no_variable():
    values = show({})
    assert values == {
        "DEBUG": True,
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(settings.BASE_DIR / "var" / "portal.sqlite3"),
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "CACHE": "django.core.cache.backends.locmem.LocMemCache",
        "CACHE_LOCATION": None,
        "BROKER": "memory://",
        "EAGER": True,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "MEDIA_STORAGE": "django.core.files.storage.FileSystemStorage",
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_SSL_REDIRECT": False,
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "testserver"],
    }


def test_production_uses_postgresql_redis_smtp_and_strict_security():
    values = show(PRODUCTION)
    assert values == {
        "DEBUG": False,
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "portal",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "CACHE": "django_redis.cache.RedisCache",
        "CACHE_LOCATION": "redis://redis.internal:6379/0",
        "BROKER": "redis://redis.internal:6379/0",
        "EAGER": False,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "MEDIA_STORAGE": "django.core.files.storage.FileSystemStorage",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        "ALLOWED_HOSTS": ["portail.apps.education.fr", "www.portail.apps.education.fr"],
    }


def test_media_go_to_s3_when_a_bucket_is_set():
    values = show({**PRODUCTION, "AWS_STORAGE_BUCKET_NAME": "portal-media"})
    assert values["MEDIA_STORAGE"] == "storages.backends.s3.S3Storage"


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {name: value for name, value in PRODUCTION.items() if name != missing}
    process = run_python("import django; django.setup()", env)
    assert process.returncode != 0
    assert process.stderr.splitlines() == [f"Configuration error: {missing} is required when DJANGO_ENV=production."]


def test_production_refuses_sqlite():
    process = run_python("import django; django.setup()", {**PRODUCTION, "DATABASE_URL": "sqlite:////tmp/portal.db"})
    assert process.returncode != 0
    assert process.stderr.splitlines() == [
        "Configuration error: DATABASE_URL must point at PostgreSQL when DJANGO_ENV=production."
    ]


def test_production_refuses_debug():
    process = run_python("import django; django.setup()", {**PRODUCTION, "DEBUG": "true"})
    assert process.returncode != 0
    assert process.stderr.splitlines() == ["Configuration error: DEBUG must be off when DJANGO_ENV=production."]


def test_deploy_check_is_clean_with_every_production_variable_set():
    process = run_python(None, PRODUCTION, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "System check identified no issues (0 silenced)."
