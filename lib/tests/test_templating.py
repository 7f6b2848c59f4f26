"""The public pages' template engine (archive_site/templating.py): Jinja2 for templates/, Django's
engine for the admin."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines, loader
from django.utils.safestring import mark_safe

from conftest import make_event

TEMPLATES = Path(settings.BASE_DIR, "templates")
PUBLIC = sorted(
    str(path.relative_to(TEMPLATES))
    for path in TEMPLATES.rglob("*")
    if path.is_file() and path.relative_to(TEMPLATES).parts[0] != "admin"
)
ADMIN = sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.glob("admin/**/*.html"))


@pytest.mark.parametrize("name", PUBLIC)
def test_each_public_template_is_read_by_jinja2(name):
    assert loader.get_template(name).backend is engines["jinja2"]  # and compiles


@pytest.mark.parametrize("name", ADMIN)
def test_the_admin_templates_stay_with_djangos_engine(name):
    assert loader.get_template(name).backend is engines["django"]


def test_the_lists_of_templates_are_not_empty():
    assert "events/event_detail.html" in PUBLIC and "admin/curated/change_form.html" in ADMIN


class Record:
    def get_absolute_url(self):
        return "/events/recognition/"


def test_a_method_printed_without_its_call_is_an_error_not_its_repr():
    template = engines["jinja2"].from_string('<a href="{{ record.get_absolute_url }}">')
    with pytest.raises(TypeError, match="without calling it"):
        template.render({"record": Record()})
    fixed = engines["jinja2"].from_string('<a href="{{ record.get_absolute_url() }}">')
    assert fixed.render({"record": Record()}) == '<a href="/events/recognition/">'


def test_a_missing_value_and_its_attributes_print_nothing_as_with_djangos_engine():
    template = engines["jinja2"].from_string(
        "[{{ missing }}{{ missing.era.title }}]{% if not missing.era %}none{% endif %}"
    )
    assert template.render({}) == "[]none"


def test_text_is_escaped_and_django_safe_strings_are_not():
    template = engines["jinja2"].from_string("{{ text }} | {{ safe }}")
    html = template.render({"text": '<b>O\'Malley & "Co"</b>', "safe": mark_safe("<i>sanitised</i>")})
    assert html == "&lt;b&gt;O&#39;Malley &amp; &#34;Co&#34;&lt;/b&gt; | <i>sanitised</i>"


def test_djangos_filters_keep_their_meaning():
    template = engines["jinja2"].from_string(
        '{{ n|intcomma }} event{{ n|pluralize }}; {{ 1|pluralize("person,people") }}'
    )
    assert template.render({"n": 12345}) == "12,345 events; person"


ERROR_PAGES = [("500.html", "Something went wrong"), ("503.html", "Briefly unavailable")]


@pytest.mark.parametrize(("name", "heading"), ERROR_PAGES)
def test_the_error_pages_render_without_a_request_or_a_database(name, heading):
    html = loader.get_template(name).render()  # without the django_db mark, a query would raise
    assert f"<h1>{heading}</h1>" in html and "css/site.css" in html


@pytest.mark.django_db
def test_the_test_client_sees_a_pages_template_and_context(client):
    event = make_event("Recognition of the Soviet Union", date="1933-11-16")
    response = client.get(event.get_absolute_url())
    assert [template.name for template in response.templates] == ["events/event_detail.html"]
    assert response.context["event"] == event
