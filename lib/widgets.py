"""Form widgets for the public filter forms, written in Python rather than through Django's widget
templates: the forms of the list pages were a third of their time."""

import functools
import html

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_filters.fields import ChoiceIterator


class LazyChoices(BaseChoiceIterator):
    """Choices read from ``function()`` (a list of (value, label) pairs) each time they are iterated.

    For menus of records, kept until the next edit. Given a plain callable, Django normalizes every
    option on every iteration (``normalize_choices``: about 5 µs an option, two thirds of a list
    page's filter form with its menus of 200 places and 100 topics); an iterator of this class is
    taken as it is.
    """

    def __init__(self, function):
        self.function = function

    def __iter__(self):
        return iter(self.function())

    def __len__(self):
        return len(self.function())


class FastSelect(forms.Select):
    """A ``<select>`` whose options are written here in Python, not through a template each.

    Django renders every option with two template includes: for the menus of places (250),
    topics (160) and eras that cost about 15 ms on every list page. The HTML is the same as
    Django's: the attributes the form gives (id, aria-describedby, aria-invalid, required), the
    chosen option ``selected``, option groups, every value and label escaped. The escaped options
    of a menu are kept (``_options``): a menu changes only when a curator edits a place or topic.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        parts = []
        for group, options in self._groups():
            if group is not None:
                parts.append(f'<optgroup label="{_escape(group)}">')
            for option_value, start, end in _options(options):
                selected = option_value in chosen
                if selected and not self.allow_multiple_selected:
                    chosen.clear()  # as Django: only the first option with the value is marked
                parts.append(f"{start} selected{end}" if selected else f"{start}{end}")
            if group is not None:
                parts.append("</optgroup>")
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>\n{}</select>', name, flatatt(final_attrs), mark_safe("".join(parts)))

    def _groups(self):
        """[(group label or None, ((value, label), …))] from the choices, values as strings."""
        choices, head = self.choices, ()
        if isinstance(choices, ChoiceIterator):
            # A filter's field wraps its choices in django-filter's iterator, which yields the empty
            # option (and a null one, if set) before them, as here.
            field, choices = choices.field, choices.choices
            if field.empty_label is not None:
                head += (("", field.empty_label),)
            if field.null_label is not None:
                head += ((field.null_value, field.null_label),)
        if isinstance(choices, LazyChoices):
            return _kept_groups(choices.function(), head)
        return _grouped(self.choices)  # the head included, as django-filter's iterator yields it


# The groups of each menu list a LazyChoices returned (kept with remember(): the same list until
# the next edit), by the list's id and the options put before it, with the list itself so that its
# id is not reused meanwhile. Grouping 250 places on every request was a tenth of the timeline's
# filter form.
_KEPT_GROUPS = {}
_KEPT_GROUPS_SIZE = 64


def _kept_groups(choices, head=()):
    found = _KEPT_GROUPS.get((id(choices), head))
    if found is not None and found[0] is choices:
        return found[1]
    groups = _grouped([*head, *choices])
    if len(_KEPT_GROUPS) >= _KEPT_GROUPS_SIZE:
        _KEPT_GROUPS.clear()
    _KEPT_GROUPS[(id(choices), head)] = (choices, groups)
    return groups


def _grouped(choices):
    groups, loose = [], []
    for value, label in choices:
        if isinstance(label, list | tuple):
            if loose:
                groups.append((None, tuple(loose)))
                loose = []
            groups.append((value, tuple((_text(v), label) for v, label in label)))
        else:
            loose.append((_text(value), label))
    if loose:
        groups.append((None, tuple(loose)))
    return groups


class _InputInPython:
    """render() writes Django's ``input.html`` (type, name, value, attributes) in Python: through
    its template each input of a filter form cost about a millisecond."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], shown, flatatt(widget["attrs"])
        )


class FastTextInput(_InputInPython, forms.TextInput):
    pass


class FastNumberInput(_InputInPython, forms.NumberInput):
    pass


class FastCheckboxInput(_InputInPython, forms.CheckboxInput):
    pass


class FastHiddenInput(_InputInPython, forms.HiddenInput):
    pass


@functools.lru_cache(maxsize=64)
def _options(choices):
    """((value, '<option value="…"', '>label</option>'), …) for ((value, label), …)."""
    return tuple(
        (value, f'<option value="{_escape(value)}"', f">{_escape(label)}</option>\n") for value, label in choices
    )


def _text(value):
    return "" if value is None else str(value)


def _escape(text):
    # Django's escape() without its lazy-string wrapper, which cost more than the escaping itself.
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))
