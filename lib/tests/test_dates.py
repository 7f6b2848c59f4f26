import datetime

import pytest
from django.core.exceptions import ValidationError

from lib.dates import bounds, readable

D = datetime.date


@pytest.mark.parametrize(
    "edtf, lower, upper, shown",
    [
        ("1933-11-16", D(1933, 11, 16), D(1933, 11, 16), "November 16, 1933"),
        ("1933-11", D(1933, 11, 1), D(1933, 11, 30), "November 1933"),
        ("1933", D(1933, 1, 1), D(1933, 12, 31), "1933"),
        ("193X", D(1930, 1, 1), D(1939, 12, 31), "1930s"),
        ("19XX", D(1900, 1, 1), D(1999, 12, 31), "1900s"),
        ("1933~", D(1933, 1, 1), D(1933, 12, 31), "c. 1933"),
        ("1933?", D(1933, 1, 1), D(1933, 12, 31), "1933?"),
        ("1933%", D(1933, 1, 1), D(1933, 12, 31), "c. 1933?"),
        ("1933-11-16~", D(1933, 11, 16), D(1933, 11, 16), "c. November 16, 1933"),
        ("1921/1922", D(1921, 1, 1), D(1922, 12, 31), "1921–1922"),
        ("1933-11-08/1933-11-16", D(1933, 11, 8), D(1933, 11, 16), "November 8, 1933–November 16, 1933"),
        ("188X/189X", D(1880, 1, 1), D(1899, 12, 31), "1880s–1890s"),
        ("1933/..", D(1933, 1, 1), None, "1933 onward"),
        ("../1933", None, D(1933, 12, 31), "until 1933"),
        ("1933-21", D(1933, 3, 1), D(1933, 5, 31), "Spring 1933"),
    ],
)
def test_each_edtf_form_has_bounds_and_a_readable_form(edtf, lower, upper, shown):
    assert bounds(edtf) == (lower, upper)
    assert readable(edtf) == shown


def test_empty_dates_have_no_bounds():
    assert bounds("") == (None, None)
    assert bounds(None) == (None, None)
    assert readable("") == ""


@pytest.mark.parametrize("bad", ["1933-13-45", "November 1933", "1930s", "abc", "../..", "1934/1933", "-0044"])
def test_invalid_dates_say_what_is_accepted(bad):
    with pytest.raises(ValidationError) as excinfo:
        bounds(bad)
    message = " ".join(excinfo.value.messages)
    assert bad in message or "ends before" in message or "either side" in message
    if "ends before" not in message:
        assert "193X" in message  # the list of accepted forms


@pytest.mark.django_db
def test_bounds_follow_every_kind_of_save():
    from people.models import Person

    person = Person.objects.create(display_name="Ada Example", slug="ada", birth="1876-07~")
    assert (person.birth_lower, person.birth_upper) == (D(1876, 7, 1), D(1876, 7, 31))

    Person.objects.bulk_create([Person(display_name="Bea Example", slug="bea", birth="193X")])
    bea = Person.objects.get(slug="bea")
    assert (bea.birth_lower, bea.birth_upper) == (D(1930, 1, 1), D(1939, 12, 31))

    person.birth = "1880"
    person.save(update_fields=["birth", "birth_lower", "birth_upper"])
    person.refresh_from_db()
    assert person.birth_lower == D(1880, 1, 1)


@pytest.mark.django_db
def test_saving_a_date_without_its_bounds_is_refused():
    from people.models import Person

    person = Person.objects.create(display_name="Ada Example", slug="ada", birth="1876")
    person.birth = "1880"
    with pytest.raises(ValueError, match="birth_lower"):
        person.save(update_fields=["birth"])
