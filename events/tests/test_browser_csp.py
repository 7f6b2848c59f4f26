"""The Content-Security-Policy breaks nothing: no violation on any public page type or in the admin.

Chromium reports each blocked script, style or image as a ``securitypolicyviolation`` event and
a console error; both are collected. The first test proves the collector sees a violation.
"""

import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from events.models import Agreement, Era, Event, Place, Topic
from people.models import Person

pytestmark = pytest.mark.browser
PASSWORD = "a long test password 1933"

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def site(live_server, transactional_db):
    call_command("loaddata", "demo", verbosity=0)
    return live_server.url


@pytest.fixture
def watched(page):
    """The page, and a list that fills with every CSP violation it reports."""
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(LISTEN)

    def violations():
        seen = page.evaluate("window.__cspViolations || []")
        return seen + [text for text in console if "Content Security Policy" in text]

    return page, violations


def _visit(page, url):
    response = page.goto(url)
    page.wait_for_load_state("load")
    return response


def test_the_collector_sees_an_inline_script_being_blocked(watched, site):
    page, violations = watched
    _visit(page, site + "/")
    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.__ran = true";
      document.body.append(script);
    }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in violation for violation in violations())


def test_no_public_page_type_reports_a_violation(watched, site):
    page, violations = watched
    urls = [
        "/",
        "/timeline/",
        Era.objects.first().get_absolute_url(),
        "/events/",
        Event.objects.published().first().get_absolute_url(),
        "/people/",
        Person.objects.published().first().get_absolute_url(),
        "/agreements/",
        Agreement.objects.published().first().get_absolute_url(),
        Place.objects.first().get_absolute_url(),
        Topic.objects.first().get_absolute_url(),
        "/search/?q=treaty",
        "/no-such-page/",
    ]
    for url in urls:
        response = _visit(page, site + url)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        # The stylesheet applied: the header band has its colour, not the browser's default.
        background = page.locator(".site-header").evaluate("node => getComputedStyle(node).backgroundColor")
        assert background != "rgba(0, 0, 0, 0)", url
        assert violations() == [], url


def test_the_admin_works_under_its_policy(watched, site):
    page, violations = watched
    User.objects.create_superuser("csp-admin", "csp@example.org", PASSWORD)
    _visit(page, site + "/admin/login/")
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    event = Event.objects.first()
    for url in (
        "/admin/",
        "/admin/events/event/",
        f"/admin/events/event/{event.pk}/change/",
        f"/admin/events/event/{event.pk}/history/",
        "/admin/people/person/",
        "/admin/events/event/add/",
    ):
        _visit(page, site + url)
        assert violations() == [], url

    # The admin's own scripts run: the person autocomplete (select2) opens and searches.
    page.locator("a", has_text="Add another Participant").click()
    page.locator("tr.dynamic-participants").last.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Lit")
    page.locator(".select2-results__option", has_text="Litvinov").first.wait_for()
    assert violations() == []
