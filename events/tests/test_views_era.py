"""An era's page (/eras/<slug>/): its introduction, then its events in order."""

import pytest

from conftest import make_era, make_event
from events.models import Era, Event
from lib.publishing import Status

pytestmark = pytest.mark.django_db


def test_it_shows_the_introduction_and_the_events_in_order(client):
    era = make_era(introduction="Between the *wars*.")
    make_event("Pact", date="1939-08-23", era=era)
    make_event("Recognition", date="1933-11-16", era=era)
    make_event("Draft", date="1934", era=era, status=Status.DRAFT)
    make_event("Trip", date="1935", era=era, kind=Event.Kind.TRIP)
    make_event("Other era", date="1933")
    response = client.get(era.get_absolute_url())
    assert response.status_code == 200
    assert [event.title for event in response.context["page_obj"].object_list] == ["Recognition", "Pact"]
    html = response.content.decode()
    assert "<em>wars</em>" in html
    assert f"{era.title}</h1>" in html
    assert f"?era={era.slug}&amp;trips=on" in html


def test_the_introduction_is_sanitised_on_the_way_out(client):
    era = make_era()
    # HTML that reached the database without going through save() (an import, raw SQL).
    Era.objects.filter(pk=era.pk).update(introduction_html='<p onclick="x()">Hi<script>alert(1)</script></p>')
    html = client.get(era.get_absolute_url()).content.decode()
    assert "<p>Hi</p>" in html
    assert "alert(1)" not in html and "onclick" not in html


def test_an_old_slug_redirects(client):
    era = make_era(slug="interwar")
    era.slug = "1921-1936"
    era.save()
    response = client.get("/eras/interwar/")
    assert response.status_code == 301
    assert response["Location"] == "/eras/1921-1936/"


def test_an_unknown_era_is_not_found(client):
    assert client.get("/eras/nope/").status_code == 404


@pytest.mark.parametrize("count", [1, 50])
def test_the_number_of_queries_does_not_grow_with_events(client, django_assert_num_queries, count):
    era = make_era()
    for i in range(count):
        make_event(f"Event {i}", date="1933", era=era)
    # The era; the count; the page of events; the eras of rows (kept); their participants.
    with django_assert_num_queries(5):
        client.get(era.get_absolute_url())


def test_an_eras_events_in_order_are_its_own_in_timeline_order():
    interwar = make_era()
    cold_war = make_era("1945–1991: The Cold War", start_year=1945, end_year=1991)
    for title, date, era in [
        ("Pact", "1939-08-23", interwar),
        ("Undated talks", "", interwar),
        ("Recognition", "1933-11-16", interwar),
        ("Recognition, a decade", "193X", interwar),
        ("Airlift", "1948", cold_war),
        ("No era", "1934", None),
    ]:
        make_event(title, date=date, era=era)
    ours = [event.title for event in Event.objects.in_era_chronologically(interwar)]
    assert ours == [event.title for event in Event.objects.filter(era=interwar).chronological()]
    assert ours == ["Recognition, a decade", "Recognition", "Pact", "Undated talks"]


def test_the_era_is_written_into_its_query_not_sent_as_a_parameter():
    # Each era gets a prepared statement of its own on PostgreSQL, planned knowing the era
    # (events.querysets.DatedQuerySet.in_era_chronologically says why).
    era = make_era()
    sql, params = Event.objects.in_era_chronologically(era).query.sql_with_params()
    assert f'"era_id" >= ({era.pk})' in sql and f'"era_id" <= ({era.pk})' in sql
    assert era.pk not in params
