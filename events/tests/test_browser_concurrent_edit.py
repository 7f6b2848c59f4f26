"""Two curators in two browsers open the same event; the first saves; the second is told who saved,
sees how the two versions differ, and reloads the stored version instead of overwriting it."""

import re

import pytest

from conftest import make_event
from events.models import Event
from events.tests.conftest import CURATOR_PASSWORD, make_staff
from lib.publishing import Status

pytestmark = pytest.mark.browser


def _logged_in_page(browser, curation_site, username):
    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    page.goto(curation_site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", CURATOR_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def test_the_second_of_two_curators_is_shown_the_difference_and_reloads(browser, curation_site):
    make_staff("edna", "Editors")
    make_staff("pablo", "Publishers")
    event = make_event("Talks in Washington", status=Status.DRAFT, summary="First summary.")
    change_url = f"{curation_site}/admin/events/event/{event.pk}/change/"

    editor = _logged_in_page(browser, curation_site, "edna")
    publisher = _logged_in_page(browser, curation_site, "pablo")
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
