"""A reader in a real browser: Debian's Chromium driven by Playwright, against the demo data.

The browser is the system's ``chromium`` (installed by scripts/test as root, as in CI); Playwright
never downloads one. axe-core (shipped inside the axe-playwright-python wheel) checks each page
type for accessibility problems.
"""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.browser
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")


@pytest.fixture
def site(live_server, transactional_db):
    call_command("loaddata", "demo", verbosity=0)
    return live_server.url


def test_a_reader_goes_from_home_through_the_timeline_to_an_event_a_person_and_an_agreement(page, site):
    page.goto(site + "/")
    assert page.locator("h1").count() == 1

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline").click()
    page.wait_for_url(re.compile(r"/timeline/"))
    assert page.locator("h1").count() == 1

    # Recognition sits in the 1930s: jump there with the decade index, then open the essay.
    page.get_by_role("link", name=re.compile(r"^1930s")).first.click()
    page.get_by_role("link", name="Recognition of the Soviet Union, 1933").first.click()
    page.wait_for_url(re.compile(r"/events/recognition-of-the-soviet-union-1933/"))
    assert "Recognition of the Soviet Union, 1933" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="The Molotov–Ribbentrop Pact").count() >= 1  # table of contents

    page.locator("main").get_by_role("link", name="Maxim Litvinov").first.click()
    page.wait_for_url(re.compile(r"/people/"))
    assert "Maxim Litvinov" in page.locator("h1").inner_text()
    assert "Livitnov" in page.locator("main").inner_text()

    page.locator("main").get_by_role("link", name=re.compile("Roosevelt.Litvinov Agreements")).first.click()
    page.wait_for_url(re.compile(r"/agreements/"))
    assert re.search("Roosevelt.Litvinov Agreements", page.locator("h1").inner_text())

    page.go_back()
    assert "Maxim Litvinov" in page.locator("h1").inner_text()


def test_a_reader_filters_the_timeline_by_kind(page, site):
    page.goto(site + "/timeline/")
    filters = page.locator("details.filters")
    if filters.get_attribute("open") is None:
        filters.locator("summary").click()
    page.get_by_label("Kind of event").select_option("signing")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"kind=signing"))

    titles = page.locator("main ol li").all_inner_texts()
    text = " ".join(titles)
    assert "Molotov–Ribbentrop Pact signed" in text or "Brest-Litovsk" in text
    assert "Germany invades the Soviet Union" not in text


def test_a_keyboard_user_skips_to_the_content_and_follows_a_link(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Tab until a link inside main has focus, then follow it with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        inside_main = page.evaluate(
            "document.activeElement.tagName === 'A' && !!document.activeElement.closest('main')"
        )
        if inside_main:
            break
    else:
        pytest.fail("No link in the main content could be reached with the Tab key")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site + href
    # Focus is visibly marked: the focused element has an outline when reached by keyboard.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


def test_the_timeline_is_an_ordered_list_for_screen_readers(page, site):
    page.goto(site + "/timeline/?decade=1930")
    entries = page.locator("main ol li")
    assert entries.count() >= 5
    assert page.locator("main ol").first.evaluate("el => el.tagName") == "OL"


PAGE_TYPES = [
    "/",
    "/timeline/",
    "/timeline/?decade=1930",
    "/eras/1921-1936/",
    "/events/",
    "/events/recognition-of-the-soviet-union-1933/",
    "/people/",
    "/people/maxim-litvinov/",
    "/agreements/",
    "/agreements/roosevelt-litvinov-agreements/",
    "/places/soviet-union/",
    "/topics/diplomatic-recognition/",
    "/no-such-page/",
]


def test_axe_finds_no_serious_or_critical_violation_on_any_page_type(page, site):
    axe = axe_module.Axe()
    problems = []
    for path in PAGE_TYPES:
        response = page.goto(site + path)
        assert response.status in (200, 404), (path, response.status)
        results = axe.run(page)
        assert results.response["passes"], f"axe checked nothing on {path}"
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")
    assert problems == []
