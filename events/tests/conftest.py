"""Fixtures for the browser tests: Debian's chromium driven by Playwright (never a downloaded browser)."""

import importlib
import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (scripts/test installs it when run as root, as CI does)")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
    # and fixtures here are still synchronous, so Django's async-safety guard is lifted for them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# Curators in a real browser (test_browser_curation, test_browser_concurrent_edit) --------------------

CURATOR_PASSWORD = "a long test password 1933"


def make_staff(username, group):
    """A staff user in one of the curator groups, who logs in with CURATOR_PASSWORD."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password=CURATOR_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def curation_site(live_server, transactional_db):
    """The live server's address, with the curator groups in its database.

    Live-server tests flush the database after each test, and with it the groups that a data
    migration made: make them again the way the migration does.
    """
    from django.apps import apps

    importlib.import_module("events.migrations.0002_curator_groups").create_groups(apps, None)
    return live_server.url
