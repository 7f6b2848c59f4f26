"""Two curators in two browsers open the same event; the first saves; the second is told who saved,
sees how the two versions differ, and reloads the stored version instead of overwriting it."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User

from conftest import make_event
from events.models import Event
from lib.publishing import Status

pytestmark = pytest.mark.browser
PASSWORD = "a long test password 1933"


def _staff(username, group):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def _logged_in_page(browser, site, username):
    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


@pytest.fixture
def site(live_server, transactional_db):
    # The live server's database is flushed after each test, groups included: make them again.
    importlib.import_module("events.migrations.0002_curator_groups").create_groups(django_apps, None)
    return live_server.url


def test_the_second_of_two_curators_is_shown_the_difference_and_reloads(browser, site):
    _staff("edna", "Editors")
    _staff("pablo", "Publishers")
    event = make_event("Talks in Washington", status=Status.DRAFT, summary="First summary.")
    change_url = f"{site}/admin/events/event/{event.pk}/change/"

    editor = _logged_in_page(browser, site, "edna")
    publisher = _logged_in_page(browser, site, "pablo")
    editor.goto(change_url)
    publisher.goto(change_url)

    publisher.fill("#id_title", "Talks in Washington, November 1933")
    publisher.click("input[name=_continue]")
    publisher.wait_for_url(re.compile(r"/change/$"))
    assert "was changed successfully" in publisher.locator(".messagelist").inner_text()

    editor.fill("#id_summary", "The editor's summary.")
    editor.click("input[name=_continue]")
    conflict = editor.locator(".edit-conflict")
    conflict.wait_for()
    text = conflict.inner_text()
    assert "pablo" in text and "have not been saved" in text
    rows = conflict.locator("tbody tr").all_inner_texts()
    assert "Title\tTalks in Washington, November 1933\tTalks in Washington" in rows
    assert "Summary\tFirst summary.\tThe editor's summary." in rows
    event.refresh_from_db()
    assert (event.title, event.summary) == ("Talks in Washington, November 1933", "First summary.")

    conflict.get_by_role("link", name="Reload the stored version").click()
    editor.wait_for_url(re.compile(r"/change/$"))
    assert editor.input_value("#id_title") == "Talks in Washington, November 1933"
    assert editor.locator(".edit-conflict").count() == 0
    editor.fill("#id_summary", "The editor's summary, on the stored version.")
    editor.click("input[name=_continue]")
    editor.wait_for_url(re.compile(r"/change/$"))
    event = Event.objects.get(pk=event.pk)
    assert (event.title, event.summary) == (
        "Talks in Washington, November 1933",
        "The editor's summary, on the stored version.",
    )
    editor.context.close()
    publisher.context.close()
