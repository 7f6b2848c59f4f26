"""Security headers, the Content-Security-Policy, the admin login lockout and the admin's path."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from conftest import make_event
from lib.security import client_ip

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"  # conftest's _user()


def _directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.mark.django_db
def test_public_pages_get_a_strict_content_security_policy(client):
    event = make_event()
    for url in ("/", event.get_absolute_url(), "/no-such-page/"):
        directives = _directives(client.get(url))
        assert directives["default-src"] == ["'self'"]
        assert directives["script-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["form-action"] == ["'self'"]
        sources = [source for values in directives.values() for source in values]
        assert not [source for source in sources if "unsafe" in source or "://" in source or source == "*"]


def test_the_admin_may_use_inline_styles_but_no_inline_script(superuser_client):
    directives = _directives(superuser_client.get("/admin/events/event/"))
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]


def test_a_media_host_is_allowed_for_images_only(settings, client, db):
    settings.MEDIA_URL = "https://media.archive.example/uploads/"
    directives = _directives(client.get("/"))
    assert directives["img-src"] == ["'self'", "data:", "https://media.archive.example"]
    assert directives["script-src"] == ["'self'"]


def test_pages_deny_framing_sniffing_and_cross_site_referrers(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_client_address_is_the_connections_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "10.0.0.9"


def test_behind_one_proxy_the_client_is_the_address_the_proxy_added(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; the balancer appended the real address.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"
    bare = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")
    assert client_ip(bare) == "10.0.0.2"


# django-axes


def _log_in(client, username, password, address="198.51.100.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_a_correct_password_logs_in_through_the_form(editor):
    response = _log_in(Client(), editor.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_guessing_a_password_locks_that_name_from_that_address(settings, editor):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(2):
        response = _log_in(client, editor.username, "wrong guess")
        assert response.status_code == 200  # the form again, with its error
        assert "Please enter the correct username and password" in response.content.decode()
    response = _log_in(client, editor.username, "wrong guess")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()

    # Even the right password is refused now, from that address...
    assert _log_in(client, editor.username, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    attempt = AccessAttempt.objects.get(username=editor.username)
    assert attempt.ip_address == "198.51.100.1"
    assert attempt.failures_since_start >= 3
    # ...but the same curator from another address, and another curator from this one, get in.
    assert _log_in(Client(), editor.username, PASSWORD, address="198.51.100.2").status_code == 302


def test_a_locked_name_does_not_lock_other_names_from_the_same_address(settings, editor, publisher):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        _log_in(Client(), editor.username, "wrong guess")
    assert _log_in(Client(), editor.username, PASSWORD).status_code == 429
    assert _log_in(Client(), publisher.username, PASSWORD).status_code == 302


def test_a_successful_login_forgets_earlier_failures(settings, editor):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        _log_in(Client(), editor.username, "wrong guess")
    assert _log_in(Client(), editor.username, PASSWORD).status_code == 302
    for _ in range(2):
        _log_in(Client(), editor.username, "wrong guess")
    assert _log_in(Client(), editor.username, PASSWORD).status_code == 302


# The admin's path.


def _resolve_admin(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    clean.update(env, DJANGO_SETTINGS_MODULE="archive_site.settings")
    code = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_the_admin_lives_at_admin_by_default():
    result = _resolve_admin()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/admin/"]


def test_the_admin_can_be_moved_to_a_configured_path():
    result = _resolve_admin(DJANGO_ADMIN_PATH="/back-office/curation")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/back-office/curation/"]


@pytest.mark.parametrize("value", ["/", "curation/<x>", "a b/"])
def test_a_bad_admin_path_stops_the_site_with_a_message(value):
    result = _resolve_admin(DJANGO_ADMIN_PATH=value)
    assert result.returncode != 0
    assert "DJANGO_ADMIN_PATH" in result.stderr


def test_the_relaxed_admin_policy_follows_the_admin_path(settings, client, db):
    # The URLconf is built at import, so the move itself is checked in a subprocess above.
    settings.ADMIN_PATH = "curation/"
    directives = _directives(client.get("/admin/login/"))
    assert directives["style-src"] == ["'self'"]
