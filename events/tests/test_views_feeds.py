"""The sitemap, the Atom feed and robots.txt."""

import pytest

from conftest import make_agreement, make_era, make_event, make_person
from lib.publishing import Status

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_public_records_with_their_last_change(client):
    event = make_event("Recognition")
    make_event("Secret", slug="secret-draft", status=Status.DRAFT)
    person = make_person("Maxim Litvinov")
    agreement = make_agreement()
    era = make_era()
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index and "http://testserver/sitemap-events.xml" in index
    xml = ""
    for section in ("pages", "eras", "events", "people", "agreements", "places", "topics"):
        response = client.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200
        xml += response.content.decode()
    for record in (event, person, agreement, era):
        assert f"http://testserver{record.get_absolute_url()}" in xml
    assert "secret-draft" not in xml
    assert f"<lastmod>{event.updated_at.date().isoformat()}</lastmod>" in xml


def test_the_feed_lists_new_and_updated_public_records(client):
    make_event("Recognition", summary="Relations opened.")
    make_person("Maxim Litvinov")
    make_event("Secret", status=Status.DRAFT)
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert "Event: Recognition" in xml and "Person: Maxim Litvinov" in xml
    assert "Secret" not in xml


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_robots_txt_does_not_name_a_moved_admin(client, settings):
    settings.ROOT_URLCONF = "lib.tests.urls_moved_admin"
    text = client.get("/robots.txt").content.decode()
    assert "curation" not in text and "Disallow" not in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
