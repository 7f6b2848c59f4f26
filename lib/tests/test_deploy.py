"""Production settings pass ``check --deploy``; collectstatic makes hashed, compressed, long-cached files."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def _production_env(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="archive.example",
        DJANGO_BEHIND_PROXY="true",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://archive.example",
        DATABASE_URL="postgres://archive@db.internal:5432/archive",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    env.update(overrides)
    return env


def _check_deploy(**overrides):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(**overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = _check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr


def test_check_deploy_notices_plain_http_settings():
    # The local stack turns HTTPS off; the same check then names what production would miss.
    result = _check_deploy(DJANGO_HTTPS="false")
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def _settings_of(**overrides):
    code = (
        "import archive_site.settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_PROXY_SSL_HEADER, s.SESSION_ENGINE, s.STORAGES['staticfiles']['BACKEND'], "
        "s.STORAGES['default']['BACKEND'], s.CSRF_TRUSTED_ORIGINS, s.DATABASES['default']['CONN_MAX_AGE'], "
        "s.DATABASES['default']['CONN_HEALTH_CHECKS'], sep='|')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_production_env(**overrides), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split("|")


def test_production_settings_come_from_the_environment():
    values = _settings_of(DJANGO_MEDIA_STORAGE="storages.backends.s3.S3Storage", DATABASE_CONN_MAX_AGE="300")
    assert values == [
        "True",
        "True",
        "31536000",
        "True",
        "('HTTP_X_FORWARDED_PROTO', 'https')",
        "django.contrib.sessions.backends.cached_db",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "storages.backends.s3.S3Storage",
        "['https://archive.example']",
        "300",
        "True",
    ]


def test_a_local_http_stack_can_turn_https_off():
    values = _settings_of(DJANGO_HTTPS="false", DJANGO_BEHIND_PROXY="false", DJANGO_MEDIA_STORAGE="")
    assert values[:5] == ["False", "False", "0", "False", "None"]
    assert values[7] == "django.core.files.storage.FileSystemStorage"


@pytest.mark.django_db
def test_collectstatic_makes_hashed_compressed_files_served_for_a_year(settings, client, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()

    page = client.get("/").content.decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the page links the hashed stylesheet"
    name = stylesheet.group(1).removeprefix("/static/")
    assert (tmp_path / f"{name}.gz").exists()

    response = client.get(stylesheet.group(1), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
