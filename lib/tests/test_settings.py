"""The settings module reads the environment and refuses unsafe production configurations."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    clean.update(env)
    code = (
        "import archive_site.settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_with_no_environment_it_runs_locally_on_sqlite():
    result = _load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_database_and_redis_urls_switch_engines():
    result = _load_settings(DATABASE_URL="postgres://u@127.0.0.1:5432/x", REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    # lib.postgresql: Django's backend, batching statements to the server-side binding's limit.
    assert result.stdout.split()[1:] == ["lib.postgresql", "lib.resilient_cache.ResilientRedisCache"]


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "lib.postgresql True 5"),
        ({"DATABASE_PREPARED_STATEMENTS": "false"}, "django.db.backends.postgresql None None"),
    ],
    ids=["by default", "switched off"],
)
def test_postgresql_prepares_statements_unless_told_not_to(env, expected):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_URL"))}
    clean.update(env, DATABASE_URL="postgres://u@127.0.0.1:5432/x")
    code = (
        "import archive_site.settings as s; d = s.DATABASES['default']; "
        "o = d.get('OPTIONS', {}); print(d['ENGINE'], o.get('server_side_binding'), o.get('prepare_threshold'))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.parametrize(
    "env, complaint",
    [
        ({"DJANGO_DEBUG": "false"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "abcd1234" * 4}, "50+ characters"),
        ({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 60}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "abcd1234" * 7}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be true or false"),
        ({"PAGE_L1_SECONDS": "-1"}, "PAGE_L1_SECONDS must be a number of seconds"),
        ({"PAGE_L1_SECONDS": "soon"}, "PAGE_L1_SECONDS must be a number of seconds"),
    ],
)
def test_bad_settings_refuse_to_start_with_a_message(env, complaint):
    result = _load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def test_production_starts_with_a_key_and_hosts():
    key = "0123456789" * 5
    result = _load_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="archive.example")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"
