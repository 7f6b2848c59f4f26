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
