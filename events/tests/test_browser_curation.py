"""The foundation's promise, walked through in a real browser: an editor records a person and an
event with that person taking part, saves it as a draft and submits it; a publisher publishes it;
the change history shows who did what, and a revert brings an old title back.
"""

import re

import pytest

from events.models import Event
from events.tests.conftest import CURATOR_PASSWORD, make_staff
from lib.publishing import Status

pytestmark = pytest.mark.browser


def _log_in(page, curation_site, username):
    page.context.clear_cookies()
    page.goto(curation_site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", CURATOR_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def _choose_in_autocomplete(page, container, text):
    """Pick ``text`` in a select2 autocomplete inside ``container`` (the admin's own widget)."""
    container.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_an_editor_drafts_a_publisher_publishes_and_history_reverts(page, curation_site):
    make_staff("edna", "Editors")
    make_staff("pablo", "Publishers")

    # The editor records a person...
    _log_in(page, curation_site, "edna")
    page.goto(curation_site + "/admin/people/person/add/")
    page.fill("#id_display_name", "Ada Testperson")
    page.fill("#id_surname", "Testperson")
    page.fill("#id_birth", "1890-05-02")
    assert page.input_value("#id_slug") == "ada-testperson"  # filled from the name as one types
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/people/person/$"))

    # ...and an event with that person as a negotiator, saved as a draft.
    page.goto(curation_site + "/admin/events/event/add/")
    page.fill("#id_title", "Talks in a test capital")
    page.fill("#id_date", "1933-11-20")
    page.fill("#id_summary", "A meeting that exists only in this test.")
    page.locator("a", has_text="Add another Participant").click()
    row = page.locator("tr.dynamic-participants").last
    _choose_in_autocomplete(page, row, "Ada Testperson")
    row.locator("input[name$=-role]").fill("negotiator")
    assert page.locator("#id_status option").all_inner_texts() == ["Draft", "In review"]
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r"/admin/events/event/\d+/change/"))
    event = Event.objects.get(slug="talks-in-a-test-capital")
    assert event.status == Status.DRAFT
    assert [str(p) for p in event.participants.all()] == ["Ada Testperson (negotiator)"]

    # Visitors don't see the draft; the editor previews it.
    page.get_by_role("link", name="Preview on site").click()
    assert "Talks in a test capital" in page.locator("h1").inner_text()
    assert "not published" in page.locator("main").inner_text().lower()
    anonymous = page.context.browser.new_page()
    assert anonymous.goto(curation_site + event.get_absolute_url()).status == 404

    # The editor submits it for review; publishing is not among the editor's choices.
    page.goto(curation_site + f"/admin/events/event/{event.pk}/change/")
    page.select_option("#id_status", "review")
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r"/change/$"))
    event.refresh_from_db()
    assert event.status == Status.REVIEW

    # The publisher publishes it, then retitles it.
    _log_in(page, curation_site, "pablo")
    page.goto(curation_site + f"/admin/events/event/{event.pk}/change/")
    page.select_option("#id_status", "published")
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r"/change/$"))
    event.refresh_from_db()
    assert event.status == Status.PUBLISHED and event.published_at is not None
    assert anonymous.goto(curation_site + event.get_absolute_url()).status == 200

    page.fill("#id_title", "Talks in a renamed capital")
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r"/change/$"))

    # History lists each change with its author; reverting brings the first published title back.
    page.get_by_role("link", name="History").first.click()
    history = page.locator("#change-history").inner_text()
    assert "edna" in history and "pablo" in history
    assert "Talks in a renamed capital" in history
    version_links = page.locator("#change-history tbody tr a[href*='/history/']")
    version_links.nth(1).click()  # the version before the retitling
    page.click("input[name=_save]")
    event.refresh_from_db()
    assert event.title == "Talks in a test capital"
    assert anonymous.goto(curation_site + event.get_absolute_url()).status in (200, 301)
    anonymous.close()
