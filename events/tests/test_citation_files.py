"""BibTeX and RIS downloads of the event, person and agreement pages ("Cite this page")."""

import datetime

import pytest

from conftest import make_agreement, make_event, make_person
from lib.citing import bibtex, ris
from lib.publishing import Status

pytestmark = pytest.mark.django_db

MODIFIED = datetime.datetime(1933, 11, 16, 12, 0, tzinfo=datetime.UTC)


def test_bibtex_escapes_what_latex_would_read_as_commands(settings):
    settings.SITE_NAME = "Archive & Co"
    entry = bibtex("event-x", "50% of {tariffs}_and $ # ~ ^ \\ in\nthree lines.", "http://a.example/e/", MODIFIED)
    assert entry.startswith("@misc{event-x,\n")
    assert r"title = {{50\% of \{tariffs\}\_and \$ \# \~{} \^{} \textbackslash{} in three lines}}" in entry
    assert r"author = {{Archive \& Co}}" in entry
    assert "year = {1933}" in entry and "month = nov," in entry
    assert "url = {http://a.example/e/}" in entry
    assert "note = {Last modified November 16, 1933}" in entry
    # Every brace the entry opens is closed: a stray one in the title cannot end a field early.
    assert entry.replace("\\{", "").replace("\\}", "").count("{") == entry.replace("\\{", "").replace("\\}", "").count(
        "}"
    )


def test_ris_is_one_tag_per_line_and_ends_its_record():
    record = ris("Treaty\r\nER  - of peace.", "http://a.example/t/", MODIFIED)
    lines = record.split("\r\n")
    assert lines[0] == "TY  - ELEC"
    assert "TI  - Treaty ER - of peace" in lines
    assert "DA  - 1933/11/16" in lines and "PY  - 1933" in lines and "UR  - http://a.example/t/" in lines
    assert lines[-2:] == ["ER  - ", ""]
    assert sum(line.startswith("ER  -") for line in lines) == 1


def test_an_event_page_offers_both_files(client):
    event = make_event("Recognition of the Soviet Union")
    html = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{event.get_absolute_url()}cite.bib" download' in html
    assert f'href="{event.get_absolute_url()}cite.ris" download' in html


def test_the_bibtex_file_of_an_event(client):
    event = make_event("Recognition of the Soviet Union")
    response = client.get(f"{event.get_absolute_url()}cite.bib")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.bib"'
    text = response.content.decode()
    assert text.startswith(f"@misc{{event-{event.slug},")
    assert "title = {{Recognition of the Soviet Union}}" in text
    assert f"url = {{http://testserver{event.get_absolute_url()}}}" in text
    assert f"year = {{{event.updated_at.year}}}" in text


def test_the_ris_files_of_a_person_and_an_agreement(client):
    person = make_person("Maxim Litvinov")
    agreement = make_agreement("Roosevelt–Litvinov Agreements")
    for record, title in [(person, "Maxim Litvinov"), (agreement, "Roosevelt–Litvinov Agreements")]:
        response = client.get(f"{record.get_absolute_url()}cite.ris")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
        lines = response.content.decode().split("\r\n")
        assert f"TI  - {title}" in lines
        assert f"UR  - http://testserver{record.get_absolute_url()}" in lines


def test_a_draft_has_no_file_for_visitors_but_has_one_for_staff(client, viewer_client):
    draft = make_event("Unfinished", status=Status.DRAFT)
    assert client.get(f"{draft.get_absolute_url()}cite.bib").status_code == 404
    assert viewer_client.get(f"{draft.get_absolute_url()}cite.bib").status_code == 200


def test_an_old_slug_redirects_to_the_current_file(client):
    agreement = make_agreement("Treaty of Portsmouth", slug="portsmouth")
    agreement.slug = "treaty-of-portsmouth"
    agreement.save()
    response = client.get("/agreements/portsmouth/cite.ris")
    assert response.status_code == 301
    assert response["Location"] == "/agreements/treaty-of-portsmouth/cite.ris"


def test_markup_in_a_title_stays_text(client):
    person = make_person('</script><script>alert("x")</script>')
    text = client.get(f"{person.get_absolute_url()}cite.bib").content.decode()
    assert 'title = {{</script><script>alert("x")</script>}}' in text
    assert client.get(f"{person.get_absolute_url()}cite.bib")["Content-Type"].startswith("application/x-bibtex")


@pytest.mark.parametrize("count", [1, 50])
def test_a_file_costs_one_query_whatever_the_record_holds(client, django_assert_num_queries, count):
    people = [make_person(f"Delegate {i}") for i in range(count)]
    event = make_event("Big conference", people=[(person, "delegate") for person in people])
    with django_assert_num_queries(1):
        assert client.get(f"{event.get_absolute_url()}cite.ris").status_code == 200
