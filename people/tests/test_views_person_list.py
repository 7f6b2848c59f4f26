"""The people index (/people/): A–Z, filters by role, country and period, pages."""

import pytest
from django.urls import reverse

from conftest import make_event, make_person
from lib.publishing import Status
from people import views
from people.models import Position

pytestmark = pytest.mark.django_db

URL = reverse("people:list")


def names(response):
    return [person.display_name for person in response.context["page_obj"].object_list]


@pytest.fixture
def people():
    litvinov = make_person("Maxim Litvinov", birth="1876-07-17", death="1951-12-31", nationality="Soviet")
    Position.objects.create(
        person=litvinov,
        title="People's Commissar for Foreign Affairs",
        organization="Soviet Union",
        organization_key="soviet-union",
        start="1930",
        end="1939",
    )
    bullitt = make_person("William C. Bullitt", birth="1891-01-25", death="1967-02-15", nationality="American")
    Position.objects.create(
        person=bullitt,
        title="Ambassador to the Soviet Union",
        organization="United States",
        start="1933-11",
        end="1936",
    )
    roosevelt = make_person("Franklin D. Roosevelt", birth="1882-01-30", death="1945-04-12")
    make_event("Recognition", people=[(roosevelt, "head of state")])
    make_person("Hidden Draft", status=Status.DRAFT)
    return litvinov, bullitt, roosevelt


def test_it_lists_public_people_by_surname(client, people):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["William C. Bullitt", "Maxim Litvinov", "Franklin D. Roosevelt"]
    html = response.content.decode()
    assert "Litvinov, Maxim" in html
    assert "1876–1951" in html
    assert "Hidden Draft" not in html
    assert html.count("<h1") == 1


def test_the_letters_link_to_the_people_under_them(client, people):
    response = client.get(URL)
    html = response.content.decode()
    assert 'href="?letter=L"' in html
    assert 'href="?letter=Q"' not in html  # nobody under Q
    letter_page = client.get(URL, {"letter": "l"})
    assert names(letter_page) == ["Maxim Litvinov"]
    assert 'href="?letter=L" aria-current="page"' in letter_page.content.decode()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"role": "ambassador"}, ["William C. Bullitt"]),
        ({"role": "HEAD OF STATE"}, ["Franklin D. Roosevelt"]),  # a role in an event
        ({"country": "soviet-union"}, ["Maxim Litvinov"]),
        ({"country": "United States"}, ["William C. Bullitt"]),
        ({"year_from": "1950"}, ["William C. Bullitt", "Maxim Litvinov"]),
        ({"year_to": "1880"}, ["Maxim Litvinov"]),
        ({"year_from": "1946", "year_to": "1950"}, ["William C. Bullitt", "Maxim Litvinov"]),
        ({"q": "litv"}, ["Maxim Litvinov"]),
    ],
)
def test_filters_narrow_the_index(client, people, params, expected):
    assert names(client.get(URL, params)) == expected


def test_a_period_is_one_range_not_two_conditions(client):
    """Posts 1900–1905 and 1950–1960 are not a post in 1920–1930."""
    person = make_person("No Dates")
    Position.objects.create(person=person, title="Consul", start="1900", end="1905")
    Position.objects.create(person=person, title="Envoy", start="1950", end="1960")
    assert names(client.get(URL, {"year_from": "1920", "year_to": "1930"})) == []
    assert names(client.get(URL, {"year_from": "1955", "year_to": "1970"})) == ["No Dates"]


def test_the_country_menu_lists_the_countries_of_posts(client, people):
    html = client.get(URL).content.decode()
    assert '<option value="soviet-union">Soviet Union</option>' in html
    assert '<option value="United States">United States</option>' in html


def test_it_pages_and_keeps_the_letter(client, monkeypatch):
    monkeypatch.setattr(views, "LIST_PAGE_SIZE", 2)
    for forename in ("Anna", "Boris", "Cyril"):
        make_person(f"{forename} Smith")
    response = client.get(URL, {"letter": "S"})
    assert names(response) == ["Anna Smith", "Boris Smith"]
    assert 'href="?letter=S&amp;page=2"' in response.content.decode()
    assert names(client.get(URL, {"letter": "S", "page": "2"})) == ["Cyril Smith"]


@pytest.mark.parametrize(
    "params",
    [{"page": "-1"}, {"page": "abc"}, {"page": str(10**12)}, {"letter": "ab"}, {"year_from": "abc"}, {"country": "x"}],
)
def test_hostile_parameters_never_fail(client, people, params):
    assert client.get(URL, params).status_code == 200


# The country menu; the letters in use; the count; the page.
PERSON_LIST_QUERIES = 4


@pytest.mark.parametrize("count", [1, 50])
def test_the_number_of_queries_does_not_grow_with_people(client, django_assert_num_queries, count):
    for i in range(count):
        person = make_person(f"Person Number{i}")
        Position.objects.create(person=person, title="Envoy", organization=f"Country {i}")
    with django_assert_num_queries(PERSON_LIST_QUERIES):
        response = client.get(URL)
    assert len(names(response)) == count
