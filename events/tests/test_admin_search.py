"""The admin's search boxes use the site search: drafts included, misspelt names corrected."""

import pytest
from django.urls import reverse

from conftest import make_event, make_person, make_place, make_source, make_topic
from events.models import Event, PlaceName, Topic
from lib.publishing import Status
from people.models import PersonName

pytestmark = pytest.mark.django_db


def found(client, model, text):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url, {"q": text})
    assert response.status_code == 200
    return [str(obj) for obj in response.context["cl"].result_list]


def test_an_editor_finds_a_person_by_a_misspelt_name(editor_client, indexing):
    with indexing():
        litvinov = make_person("Maxim Litvinov")
        make_person("Vyacheslav Molotov")
    assert found(editor_client, type(litvinov), "Livitnov") == ["Maxim Litvinov"]
    assert found(editor_client, type(litvinov), "Molotow") == ["Vyacheslav Molotov"]


def test_drafts_are_found_by_stem_and_accent(editor_client, indexing):
    with indexing():
        make_event("Negotiations on the debts", status=Status.DRAFT)
        make_event("A visit to Moscow", status=Status.PUBLISHED)
        herriot = make_person("Édouard Herriot", status=Status.DRAFT)
    assert found(editor_client, Event, "negotiating") == ["Negotiations on the debts"]
    assert found(editor_client, type(herriot), "Edouard") == ["Édouard Herriot"]


def test_a_person_is_found_by_an_alternate_name(editor_client, indexing):
    with indexing():
        litvinov = make_person("Maxim Litvinov")
        PersonName.objects.create(person=litvinov, name="Meir Wallach")
        make_person("William Bullitt")
    assert found(editor_client, type(litvinov), "wallach") == ["Maxim Litvinov"]


def test_search_fields_still_match_what_the_index_does_not_hold(editor_client, indexing):
    with indexing():
        make_event("Recognition of the Soviet Union", slug="recognition-1933", source_key="milestones/recognition")
        make_event("Munich Agreement", date="1938-09-30")
    # Part of a word, and an import key: neither is a full-text match.
    assert found(editor_client, Event, "recogn") == ["Recognition of the Soviet Union"]
    assert found(editor_client, Event, "milestones/recognition") == ["Recognition of the Soviet Union"]


def test_places_and_topics_are_found_by_their_other_names(editor_client, indexing):
    with indexing():
        soviet_union = make_place("Soviet Union")
        PlaceName.objects.create(place=soviet_union, name="U.S.S.R.")
        make_place("France")
        make_topic("Diplomatic recognition")
        make_topic("Trade")
    assert found(editor_client, type(soviet_union), "USSR") == ["Soviet Union"]
    assert found(editor_client, type(soviet_union), "u.s.s.r.") == ["Soviet Union"]
    assert found(editor_client, Topic, "trading") == ["Trade"]


def test_a_model_outside_the_index_keeps_the_default_search(editor_client):
    source = make_source("Foreign Relations of the United States, 1933")
    make_source("Papers relating to the Soviet Union")
    assert found(editor_client, type(source), "relations") == ["Foreign Relations of the United States, 1933"]


def test_text_with_nothing_to_search_for_falls_back_to_search_fields(editor_client, indexing):
    with indexing():
        make_event("The Open Door")
    # "the" is a common word, dropped by the full-text search; search_fields still see it.
    assert found(editor_client, Event, "the") == ["The Open Door"]
