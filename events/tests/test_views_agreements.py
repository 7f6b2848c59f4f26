"""Agreements: the list (/agreements/) with its filters, and each agreement's page."""

import pytest
from django.urls import reverse

from conftest import make_agreement, make_event, make_person, make_place, make_source
from events.models import Agreement, AgreementSource
from lib.publishing import Status

pytestmark = pytest.mark.django_db

URL = reverse("events:agreements")


def titles(response):
    return [agreement.title for agreement in response.context["page_obj"].object_list]


def test_the_list_shows_public_agreements_in_the_order_signed(client):
    make_agreement("Molotov–Ribbentrop Pact", signed="1939-08-23")
    make_agreement("Treaty of Brest-Litovsk", signed="1918-03-03")
    make_agreement("Draft treaty", signed="1920", status=Status.DRAFT)
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == ["Treaty of Brest-Litovsk", "Molotov–Ribbentrop Pact"]
    assert "March 3, 1918" in response.content.decode()


def test_the_list_filters_by_kind_status_and_party(client):
    germany = make_place("Germany")
    make_agreement(
        "Pact", kind=Agreement.Kind.PACT, agreement_status=Agreement.AgreementStatus.BROKEN, parties=[germany]
    )
    make_agreement("Notes", kind=Agreement.Kind.NOTES, agreement_status=Agreement.AgreementStatus.IN_FORCE)
    assert titles(client.get(URL, {"kind": "pact"})) == ["Pact"]
    assert titles(client.get(URL, {"status": "in_force"})) == ["Notes"]
    assert titles(client.get(URL, {"party": germany.slug})) == ["Pact"]


@pytest.mark.parametrize("params", [{"page": "-1"}, {"page": "abc"}, {"party": "nope"}, {"status": "x"}, {"zzz": "1"}])
def test_the_list_survives_hostile_parameters(client, params):
    make_agreement()
    assert client.get(URL, params).status_code == 200


@pytest.fixture
def agreement():
    soviet_union, united_states = make_place("Soviet Union"), make_place("United States")
    litvinov = make_person("Maxim Litvinov")
    agreement = make_agreement(
        "Roosevelt–Litvinov Agreements",
        negotiated="1933-11-08/1933-11-16",
        signed="1933-11-16",
        in_force="1933-11-16",
        kind=Agreement.Kind.NOTES,
        agreement_status=Agreement.AgreementStatus.BROKEN,
        summary="Letters exchanged in Washington.",
        body="The **terms**.",
        parties=[soviet_union, united_states],
        signatories=[(litvinov, soviet_union, "Commissar for Foreign Affairs")],
    )
    make_event("Recognition", date="1933-11-16").agreements.add(agreement)
    AgreementSource.objects.create(agreement=agreement, source=make_source("FRUS 1933"))
    return agreement


def test_the_page_shows_the_agreement(client, agreement):
    response = client.get(agreement.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Roosevelt–Litvinov Agreements</h1>" in html
    assert "Exchange of notes" in html
    assert "November 8, 1933–November 16, 1933" in html  # negotiated
    assert "Broken" in html
    assert "<strong>terms</strong>" in html
    assert "Commissar for Foreign Affairs" in html
    for person in ("maxim-litvinov",):
        assert f"/people/{person}" in html
    assert "/places/soviet-union" in html and "/places/united-states" in html
    assert "Recognition" in html
    assert "FRUS 1933." in html
    assert '"@type": "Legislation"' in html
    assert "Cite this page" in html


def test_unpublished_signatories_are_named_but_not_linked(client, agreement):
    hidden = make_person("Hidden Envoy", status=Status.DRAFT)
    agreement.signatories.create(person=hidden, party=agreement.parties.first(), order=5)
    html = client.get(agreement.get_absolute_url()).content.decode()
    assert "Hidden Envoy" in html
    assert hidden.get_absolute_url() not in html


def test_drafts_are_hidden_from_visitors_and_previewed_by_staff(client, editor_client):
    draft = make_agreement("Draft treaty", status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: not published" in response.content.decode()


def test_retired_agreements_show_their_notice(client):
    retired = make_agreement("Old treaty", status=Status.RETIRED)
    assert retired.notice in client.get(retired.get_absolute_url()).content.decode()


def test_an_old_slug_redirects(client, agreement):
    old = agreement.get_absolute_url()
    agreement.slug = "roosevelt-litvinov"
    agreement.save()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == "/agreements/roosevelt-litvinov/"


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_queries_do_not_grow_with_agreements(client, django_assert_num_queries, count):
    party = make_place()
    for i in range(count):
        make_agreement(f"Agreement {i}", parties=[party])
    # The party menu; the count; the page; the parties.
    with django_assert_num_queries(4):
        client.get(URL)


@pytest.mark.parametrize("count", [1, 50])
def test_the_page_queries_do_not_grow_with_signatories(client, django_assert_num_queries, count):
    parties = [make_place(f"Country {i}") for i in range(count)]
    signatories = [(make_person(f"Envoy {i}"), parties[i], "envoy") for i in range(count)]
    agreement = make_agreement("Big convention", parties=parties, signatories=signatories)
    for i in range(count):
        make_event(f"Event {i}").agreements.add(agreement)
    # The agreement; parties, signatories, events and sources.
    with django_assert_num_queries(5):
        response = client.get(agreement.get_absolute_url())
    assert response.content.decode().count("envoy</td>") == count
