"""A reader searches in a real browser (Debian's chromium through Playwright), against the demo data."""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.browser
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")


@pytest.fixture
def site(live_server, transactional_db):
    # Committed for real here, so the search index is written as it is in production.
    call_command("loaddata", "demo", verbosity=0)
    return live_server.url


def test_a_reader_searches_misspells_a_name_and_narrows_by_type(page, site):
    page.goto(site + "/search/")
    page.get_by_label("Search the archive", exact=True).last.fill("Molotov Ribentrop")
    page.locator("main").get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search/\?q=Molotov\+Ribentrop"))
    main = page.locator("main")
    assert "Showing results for “Molotov Ribbentrop”" in main.inner_text()
    assert main.locator("mark").count() >= 2

    page.get_by_role("complementary").get_by_role("link", name="Agreement", exact=True).click()
    page.wait_for_url(re.compile(r"type=agreement"))
    assert [title.strip() for title in main.locator("h3.entry-title").all_inner_texts()] == ["Molotov–Ribbentrop Pact"]

    main.get_by_role("link", name="Molotov–Ribbentrop Pact").click()
    page.wait_for_url(re.compile(r"/agreements/molotov-ribbentrop-pact/"))


def test_axe_finds_no_serious_or_critical_violation_on_the_search_pages(page, site):
    axe = axe_module.Axe()
    problems = []
    for path in ("/search/", "/search/?q=litvinov", "/search/?q=Livitnov+OR+zzzz", "/search/?q=zzzz", "/search/?q=the"):
        assert page.goto(site + path).status == 200
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems.append(f"{path}: {violation['id']} ({violation['impact']})")
    assert problems == []
