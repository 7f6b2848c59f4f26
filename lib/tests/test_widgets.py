"""lib.widgets: the same HTML as Django's Select and inputs, written without their templates."""

import pytest
from django import forms
from django.test.html import parse_html

from lib.widgets import FastCheckboxInput, FastHiddenInput, FastNumberInput, FastSelect, FastTextInput, LazyChoices

CHOICES = [
    ("", "All places"),
    ("soviet-union", "Soviet Union"),
    ("a&b", 'Quotes " and <tags>'),
    ("Europe", [("france", "France"), ("germany", "Germany")]),
]


def both(value, attrs=None, choices=CHOICES):
    attrs = attrs or {"id": "id_place"}
    ours = FastSelect(choices=choices).render("place", value, attrs=attrs)
    django = forms.Select(choices=choices).render("place", value, attrs=attrs)
    return ours, django


def test_it_writes_the_same_html_as_djangos_select():
    for value in (None, "", "soviet-union", "a&b", "germany", "unknown"):
        ours, django = both(value)
        assert parse_html(ours) == parse_html(django), value


def test_it_escapes_values_and_labels():
    ours, _ = both("a&b")
    assert '<option value="a&amp;b" selected>Quotes &quot; and &lt;tags&gt;</option>' in ours


def test_it_keeps_the_attributes_the_form_gives():
    attrs = {"id": "id_place", "aria-describedby": "id_place_helptext", "aria-invalid": "true", "required": True}
    ours, django = both("france", attrs=attrs)
    assert parse_html(ours) == parse_html(django)
    assert ours.startswith('<select name="place" ')
    assert 'aria-describedby="id_place_helptext"' in ours


def test_only_the_first_option_with_the_value_is_selected():
    ours, django = both("x", choices=[("x", "One"), ("x", "Two")])
    assert ours.count("selected") == 1
    assert parse_html(ours) == parse_html(django)


def test_a_form_field_renders_with_it():
    class Form(forms.Form):
        place = forms.ChoiceField(choices=CHOICES, widget=FastSelect, help_text="Where it happened.")

    html = str(Form({"place": "bad"})["place"])
    assert 'aria-describedby="id_place_helptext id_place_error"' in html
    assert 'aria-invalid="true"' in html
    assert "<option" in html


ATTRS = {"id": "id_q", "aria-describedby": "id_q_helptext", "aria-invalid": "true", "required": True, "disabled": False}


@pytest.mark.parametrize(
    ("ours", "django", "value"),
    [
        (FastTextInput(), forms.TextInput(), 'Litvinov & "Roosevelt" <notes>'),
        (FastTextInput(), forms.TextInput(), None),
        (
            FastNumberInput(attrs={"inputmode": "numeric", "size": 5}),
            forms.NumberInput(attrs={"inputmode": "numeric", "size": 5}),
            1933,
        ),
        (FastCheckboxInput(), forms.CheckboxInput(), True),
        (FastCheckboxInput(), forms.CheckboxInput(), False),
        (FastHiddenInput(), forms.HiddenInput(), "L"),
    ],
)
def test_inputs_write_the_same_html_as_djangos(ours, django, value):
    written = ours.render("q", value, attrs=ATTRS)
    assert parse_html(written) == parse_html(django.render("q", value, attrs=ATTRS))
    assert 'aria-describedby="id_q_helptext"' in written and "disabled" not in written


def test_an_input_escapes_its_value():
    written = FastTextInput().render("q", '"><script>', attrs={"id": "id_q"})
    assert 'value="&quot;&gt;&lt;script&gt;"' in written


def test_a_kept_menu_is_grouped_once_until_it_changes():
    menu = [("ussr", "Soviet Union"), ("usa", "United States")]
    widget = FastSelect(choices=LazyChoices(lambda: menu))
    first = widget.render("place", "usa")
    assert widget._groups() is widget._groups()  # the same list: grouped once
    assert 'value="usa" selected' in first
    menu = [("ussr", "Soviet Union"), ("usa", "United States"), ("uk", "United Kingdom")]  # an edit: a new list
    assert 'value="uk"' in widget.render("place", "usa")


@pytest.mark.django_db
def test_a_filter_forms_menu_is_grouped_once_with_its_empty_option_first():
    # django-filter wraps a filter's choices in its own iterator, which adds the empty option.
    from conftest import make_place
    from events.filters import EventFilter
    from events.models import Event

    make_place("Soviet Union")
    field = EventFilter({}, queryset=Event.objects.all()).form.fields["place"]
    assert field.widget._groups() is field.widget._groups()
    django = forms.Select(choices=list(field.choices)).render("place", "")
    assert parse_html(field.widget.render("place", "")) == parse_html(django)
    assert '<option value="" selected>' in django  # the empty option, then the places


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["kind", "era", "topic", "place"])
def test_each_menu_of_a_filter_form_is_djangos_with_one_empty_option(name):
    # Kept menus (eras, topics, places) and fixed ones (kinds) alike.
    from conftest import make_era, make_place, make_topic
    from events.filters import EventFilter
    from events.models import Event

    make_era(), make_place("Soviet Union"), make_topic()
    field = EventFilter({}, queryset=Event.objects.all()).form.fields[name]
    assert isinstance(field.widget, FastSelect)
    ours = field.widget.render(name, "")
    assert parse_html(ours) == parse_html(forms.Select(choices=list(field.choices)).render(name, ""))
    assert ours.count('value=""') == 1
