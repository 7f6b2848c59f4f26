"""Curators' text can hold anything: `<script>`, quotes, `</script>`. Every page, search snippet, JSON-LD
block, citation, the feed and the sitemap show it as text, never as markup, and Markdown/HTML fields
are sanitised on the way out even when unsafe HTML reached the database some other way."""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from conftest import make_agreement, make_era, make_event, make_person, make_place, make_source, make_topic
from events.models import Agreement, Era, EventFigure, EventSection, EventSource
from events.tests.test_permissions_matrix import _public_urls
from lib.publishing import Status
from people.models import Person, PersonName, Position

pytestmark = pytest.mark.django_db


def hostile(label):
    """Text that breaks out of an HTML element, an attribute (both quotes) and a script block."""
    return f"{label} </script><script>alert('{label}')</script> \"q\" 'a' & <b>"


MARKDOWN = (
    "Plain words.\n\n<script>alert('md-script')</script>\n\n<img src=x onerror=\"alert('md-img')\">\n\n"
    "[a link](javascript:alert('md-link')) and <a href=\"javascript:alert('md-a')\">another</a>\n\n"
    '<iframe src="https://evil.example"></iframe> <style>body{}</style>'
)
RAW_HTML = "<p>Stored</p><script>alert('raw')</script><img src=x onerror=alert('raw-img')><a href='javascript:x'>j</a>"


class _Page(HTMLParser):
    """The parts of a page where injected text could come alive."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.scripts, self.tags, self.text = [], [], []
        self._script = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = (dict(attrs), [])

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            attrs, parts = self._script
            self.scripts.append((attrs, "".join(parts)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
        else:
            self.text.append(data)


@pytest.fixture
def archive(indexing):
    with indexing():
        era = make_era(hostile("era"), introduction=MARKDOWN)
        place = make_place(hostile("place"), description=MARKDOWN)
        party = make_place("United States")
        topic = make_topic(hostile("topic"), description=MARKDOWN)
        person = make_person(hostile("person"), surname="Hostile", biography=MARKDOWN, birth="1876", death="1951")
        PersonName.objects.create(person=person, name=hostile("alias"))
        Position.objects.create(person=person, title=hostile("post"), organization=hostile("org"), start="1930")
        source = make_source(hostile("source"), author=hostile("author"))
        event = make_event(
            hostile("event"),
            summary=hostile("summary"),
            era=era,
            people=[(person, hostile("role"))],
            sections=[(hostile("heading"), MARKDOWN)],
        )
        event.places.set([place])
        event.topics.set([topic])
        EventFigure.objects.create(
            event=event, image_url="https://example.org/a.png", alt_text=hostile("alt"), caption=hostile("caption")
        )
        EventSource.objects.create(event=event, source=source, pages=hostile("pages"))
        agreement = make_agreement(
            hostile("agreement"),
            summary=hostile("agreement-summary"),
            body=MARKDOWN,
            parties=[place, party],
            signatories=[(person, place, hostile("signatory"))],
        )
        event.agreements.set([agreement])
        retired = make_event(hostile("retired"), status=Status.RETIRED, retired_notice=hostile("notice"))
    return {
        "era": era,
        "place": place,
        "topic": topic,
        "person": person,
        "event": event,
        "agreement": agreement,
        "retired": retired,
    }


def _strings(value):
    """Every string inside a JSON value."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [value] if isinstance(value, str) else []


def _assert_inert(url, html):
    page = _Page(html)
    for attrs, body in page.scripts:
        if attrs.get("type") == "application/ld+json":
            assert "<" not in body and ">" not in body, (url, body[:200])
            json.loads(body)  # One whole block: "</script>" in the data did not cut it short.
        else:
            assert "alert(" not in body, (url, body[:200])
    for tag, attrs in page.tags:
        assert tag not in ("iframe", "style", "object", "embed"), (url, tag)
        assert not [name for name in attrs if name.startswith("on")], (url, tag, attrs)
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (url, tag, attrs)
    assert "<script>alert(" not in html, url
    return page


def test_every_public_page_shows_hostile_text_as_text(client, archive):
    urls, _ = _public_urls({label: {None: obj} for label, obj in archive.items()})
    urls = [url for url, _ in urls if not url.endswith(".xml") and not url.startswith(reverse("feed"))]
    assert len(urls) > 10
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith((".bib", ".ris")):
            # Citation files hold the title as written, as reference managers need it; no browser
            # renders them: a download, of a type that is not HTML, never sniffed as HTML.
            assert response["Content-Disposition"].startswith("attachment;"), url
            assert not response["Content-Type"].startswith("text/"), url
            assert response["X-Content-Type-Options"] == "nosniff", url
            continue
        _assert_inert(url, response.content.decode())


def test_a_record_page_keeps_each_value_whole_in_text_attributes_and_json_ld(client, archive):
    event = archive["event"]
    page = _assert_inert("event", client.get(event.get_absolute_url()).content.decode())
    title = hostile("event")
    text = "".join(page.text)
    for label in ("event", "summary", "heading", "person", "role", "caption", "author"):
        assert hostile(label) in text, label
    metas = {
        attrs.get("name") or attrs.get("property"): attrs.get("content") for tag, attrs in page.tags if tag == "meta"
    }
    assert metas["citation_title"] == title
    assert text.count(hostile("alt")) == 2  # An image from another site is a link described by its alt text.
    graphs = [json.loads(body) for attrs, body in page.scripts if attrs.get("type") == "application/ld+json"]
    assert title in _strings(graphs)
    # The citations box (Chicago, MLA, APA) quotes the title as text too.
    assert text.count(title.rstrip(".")) >= 3


def test_person_and_agreement_json_ld_carry_the_names_exactly(client, archive):
    for record, label in ((archive["person"], "person"), (archive["agreement"], "agreement")):
        page = _assert_inert(label, client.get(record.get_absolute_url()).content.decode())
        blocks = [body for attrs, body in page.scripts if attrs.get("type") == "application/ld+json"]
        assert blocks, label
        assert hostile(label) in _strings([json.loads(body) for body in blocks]), label


def test_markdown_is_sanitised_when_saved_and_again_when_shown(client, archive):
    # Unsafe HTML written past the model's save() (an import, raw SQL) is still cleaned on the way out.
    EventSection.objects.filter(event=archive["event"]).update(body_html=RAW_HTML)
    Agreement.objects.filter(pk=archive["agreement"].pk).update(body_html=RAW_HTML)
    Person.objects.filter(pk=archive["person"].pk).update(biography_html=RAW_HTML)
    Era.objects.filter(pk=archive["era"].pk).update(introduction_html=RAW_HTML)
    for label in ("event", "agreement", "person", "era", "place", "topic"):
        html = client.get(archive[label].get_absolute_url()).content.decode()
        _assert_inert(label, html)
        assert "Plain words." in html or "<p>Stored</p>" in html, label


def test_search_results_and_snippets_escape_the_text(client, archive):
    for query in ("alert", "event", "person", "</script><script>alert(1)</script>", "\"q\" 'a' & <b>"):
        response = client.get(reverse("search:results"), {"q": query})
        assert response.status_code == 200, query
        _assert_inert(f"search {query}", response.content.decode())
    html = client.get(reverse("search:results"), {"q": "event"}).content.decode()
    page = _Page(html)
    assert "<mark>" in html  # The highlight is the only markup a snippet adds.
    assert "</script><script>alert('event')</script>" in "".join(page.text)


def test_the_feed_and_the_sitemap_are_well_formed_xml_with_the_text_escaped(client, archive):
    feed = client.get(reverse("feed"))
    root = ET.fromstring(feed.content)  # Raises if a title broke the XML.
    titles = [element.text for element in root.iter() if element.tag.endswith("title")]
    assert any(title.endswith(hostile("event")) for title in titles)
    assert any(title.endswith(hostile("agreement")) for title in titles)
    assert b"<script>" not in feed.content
    index = ET.fromstring(client.get(reverse("sitemap")).content)
    for location in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        section = client.get(location.text.replace("http://testserver", ""))
        assert section.status_code == 200
        ET.fromstring(section.content)


def test_the_admin_shows_hostile_text_as_text(superuser_client, archive):
    for record in (archive["event"], archive["person"], archive["agreement"]):
        opts = record._meta
        for url in (
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]),
            reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk]),
        ):
            html = superuser_client.get(url).content.decode()
            assert "<script>alert(" not in html, url
