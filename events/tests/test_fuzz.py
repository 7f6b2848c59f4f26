"""Hostile input never gives a 500: every public URL's query parameters, and every admin add and change form.

The parameters are collected from the FilterSets and the views' own (page, q, sort…), the URLs from
the resolver (see test_permissions_matrix), the admin forms from the admin site's registry. Fixed lists
of nasty values run first; hypothesis then mixes them with random text, within a bounded number of
examples so that the module stays under a minute.
"""

import string

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import make_agreement, make_era, make_event, make_person, make_place, make_source, make_topic
from events.filters import AgreementFilter, EventFilter
from events.models import ImportRun
from events.search import FILTERS
from events.tests.test_permissions_matrix import _public_urls
from events.views import AGREEMENTS_PAGE
from lib.publishing import Status
from people.filters import PersonFilter

pytestmark = pytest.mark.django_db

NASTY = [
    "-1",
    "0",
    str(10**12),
    "9" * 40,
    "abc",
    "1e400",
    "1933.5",
    "NaN",
    "1933-13-45",
    "1933-02-30",
    "0000",
    "99999",
    "193X",
    "1934/1933",
    "",
    " ",
    "x" * 5000,
    "\x00",
    "lit\x00vinov",
    "🎉🇺🇸",
    "ליטבינוב مولوتوف",
    "\u202eedoc\u202c",
    "<script>alert(1)</script>",
    "'; DROP TABLE events_event;--",
    "%",
    "../../etc/passwd",
    "true",
]

PARAMS = sorted(
    {
        *EventFilter.base_filters,
        *AgreementFilter.base_filters,
        *PersonFilter.base_filters,
        *FILTERS,
        "page",
        AGREEMENTS_PAGE,
        "q",
        "sort",
        "exact",
        "decade",
        "cache",
        "no-such-filter",
    }
)
# The parameters each list page reads (every page also gets one it does not know).
LIST_PARAMS = {
    "events:timeline": [*EventFilter.base_filters, "decade", "page"],
    "events:list": [*EventFilter.base_filters, "page"],
    "events:agreements": [*AgreementFilter.base_filters, "page"],
    "people:list": [*PersonFilter.base_filters, "page"],
    "search:results": [*FILTERS, "q", "sort", "exact", "page"],
}
LIST_URLS = list(LIST_PARAMS)
# The nastiest values for one parameter at a time (all of NASTY go into every parameter at once below).
SHORT_NASTY = [
    "-1",
    str(10**12),
    "abc",
    "1e400",
    "1933-13-45",
    "1934/1933",
    "",
    "x" * 5000,
    "lit\x00vinov",
    "🎉🇺🇸 ליטבינוב",
]


@pytest.fixture
def records():
    """A small archive: one record of each kind, a draft too, with the links the filters follow."""
    era = make_era()
    place, party = make_place("Soviet Union"), make_place("United States")
    person = make_person("Maxim Litvinov", birth="1876", death="1951")
    event = make_event(era=era, people=[(person, "negotiator")], sections=[("Talks", "They talked.")])
    event.places.set([place])
    draft = make_event("A draft", status=Status.DRAFT)
    agreement = make_agreement(parties=[place, party], signatories=[(person, place, "Commissar")])
    return [era, place, person, event, draft, agreement, make_topic(), make_source()]


def _get(client, url, params):
    response = client.get(url, params)
    assert response.status_code < 500, (url, params)
    return response


def test_each_list_parameter_survives_each_nasty_value(client, records):
    for name, params in LIST_PARAMS.items():
        url = reverse(name)
        for param in [*params, "no-such-filter"]:
            for value in SHORT_NASTY:
                _get(client, url, {param: value})
            _get(client, url, {param: ["-1", "abc"]})  # the same parameter twice


def test_every_public_url_survives_nasty_values_in_all_parameters(client, records):
    urls, _ = _public_urls({obj: {getattr(obj, "status", None): obj} for obj in records})
    urls = [url for url, _ in urls]
    assert len(urls) > 10
    for url in urls:
        for value in SHORT_NASTY + ["\u202eedoc\u202c", "<script>alert(1)</script>"]:
            _get(client, url, {param: value for param in PARAMS})


def test_bytes_that_are_not_utf8_in_a_query_never_give_a_500(client, records):
    for name, params in LIST_PARAMS.items():
        for param in params:
            # A lone surrogate, a stray continuation byte, an overlong NUL.
            response = client.get(f"{reverse(name)}?{param}=%ED%A0%80&{param}=%FF%FE&q=%C0%80")
            assert response.status_code < 500, (name, param)


# Random mixes of parameters, values and pages.
values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers().map(str),
    st.text(alphabet=string.digits + "-/X~?%.", max_size=12),
)
query = st.dictionaries(st.one_of(st.sampled_from(PARAMS), st.text(min_size=1, max_size=8)), values, max_size=5)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(LIST_URLS), params=query)
def test_random_queries_never_give_a_500(client, records, name, params):
    _get(client, reverse(name), params)


# Admin forms ------------------------------------------------------------------------------------------

# Models whose admin pages add and change records (the import log and login records are read only).
FORM_MODELS = [
    model
    for model, model_admin in admin.site._registry.items()
    if model not in (ImportRun, User, Group) and model._meta.app_label in ("events", "people")
]

WRONG_DATES = {
    # Each is refused with a message on the form, never a 500.
    "events.event": {"date": ["1933-13-45", "not a date", "1934/1933", "99999", "\x00", "1933-02-30"]},
    "events.agreement": {"signed": ["1933-11-16"], "negotiated": ["1934"], "ended": ["1900"], "in_force": ["1933-13"]},
    "events.era": {"start_year": ["1936", "-5", "abc", "99999999"], "end_year": ["1921"]},
    "people.person": {"birth": ["1951", "1933-13-45"], "death": ["1876", "?"]},
}


def _add_and_change_urls(model, obj):
    opts = model._meta
    return [
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
    ]


def _record_of(model, records):
    existing = next((obj for obj in records if type(obj) is model), None)
    assert existing is not None, f"the records fixture has no {model.__name__}"
    return existing


@pytest.mark.parametrize("value", ["abc", "1.5", str(10**20), "\x00", "-1"])
def test_impossible_ids_in_relation_fields_are_refused_with_a_message(
    superuser_client, records, admin_form_data, value
):
    # Django's autocomplete widget looked these ids up to draw the form again, and failed (lib/admin.py).
    event = next(obj for obj in records if obj._meta.model_name == "event" and obj.participants.exists())
    url = reverse("admin:events_event_change", args=[event.pk])
    data = admin_form_data(superuser_client.get(url))
    participants = data.prefix(event.participants.model)
    data.update({"era": value, "places": [value], f"{participants}-0-person": value})
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"era", "places"}
    assert response.context["inline_admin_formsets"][1].formset.errors[0]["person"]


def test_wrong_dates_in_admin_forms_are_refused_with_a_message(superuser_client, records, admin_form_data):
    for model in FORM_MODELS:
        fields = WRONG_DATES.get(model._meta.label_lower, {})
        for url in _add_and_change_urls(model, _record_of(model, records)):
            page = superuser_client.get(url)
            for name, wrong_values in fields.items():
                for value in wrong_values:
                    data = admin_form_data(page)
                    data[name] = value
                    response = superuser_client.post(url, data)
                    assert response.status_code in (200, 302), (url, name, value)
    # End before start: both dates readable, the order is wrong.
    person = next(obj for obj in records if obj._meta.model_name == "person")
    url = reverse("admin:people_person_change", args=[person.pk])
    data = admin_form_data(superuser_client.get(url))
    data.update(birth="1951", death="1876")
    response = superuser_client.post(url, data)
    assert response.status_code == 200 and response.context["adminform"].form.errors


# No shrinking: a failure shows its whole form in the assertion, and shrinking admin posts takes minutes.
@settings(
    max_examples=60,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_random_values_in_admin_forms_never_give_a_500(superuser_client, records, admin_form_data, data):
    model = data.draw(st.sampled_from(FORM_MODELS), label="model")
    url = data.draw(st.sampled_from(_add_and_change_urls(model, _record_of(model, records))), label="url")
    page = superuser_client.get(url)
    form_data = admin_form_data(page)
    names = sorted(name for name in form_data if not name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "_FORMS")))
    for name in data.draw(st.lists(st.sampled_from(names), max_size=4, unique=True), label="fields"):
        form_data[name] = data.draw(values, label=name)
    response = superuser_client.post(url, form_data)
    assert response.status_code in (200, 302), (url, form_data)
