"""Test data built in code: small factories and the named actors every app's tests use.

Actors: ``viewer`` (read-only), ``editor`` (writes, cannot publish), ``publisher`` (also
publishes), ``superuser``; each has a logged-in client (``editor_client`` and so on).
Anonymous visitors use pytest-django's ``client``.
"""

import itertools

import pytest
from django import forms
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils.text import slugify

from events.models import (
    Agreement,
    Era,
    Event,
    EventPerson,
    EventSection,
    Place,
    Signatory,
    Source,
    Topic,
)
from lib.publishing import Status
from people.models import Person

_serial = itertools.count(1)


def _unique_slug(text):
    return f"{slugify(text)[:180]}-{next(_serial)}"


def make_person(display_name="Maxim Litvinov", *, status=Status.PUBLISHED, **fields):
    fields.setdefault("slug", _unique_slug(display_name))
    if "surname" not in fields and " " in display_name:
        fields["forenames"], fields["surname"] = display_name.rsplit(" ", 1)
    person = Person(display_name=display_name, status=status, **fields)
    person.full_clean()
    person.save()
    return person


def make_era(title="1921–1936: Interwar Diplomacy", start_year=1921, end_year=1936, **fields):
    fields.setdefault("slug", _unique_slug(title))
    return Era.objects.create(title=title, start_year=start_year, end_year=end_year, **fields)


def make_place(name="Soviet Union", **fields):
    fields.setdefault("slug", _unique_slug(name))
    return Place.objects.create(name=name, **fields)


def make_topic(name="Diplomatic recognition", **fields):
    fields.setdefault("slug", _unique_slug(name))
    return Topic.objects.create(name=name, **fields)


def make_source(title="Foreign Relations of the United States, 1933", **fields):
    fields.setdefault("slug", _unique_slug(title))
    return Source.objects.create(title=title, **fields)


def make_event(
    title="Recognition of the Soviet Union",
    *,
    date="1933-11-16",
    status=Status.PUBLISHED,
    people=(),
    sections=(),
    **fields,
):
    """An event; ``people`` is a list of (person, role), ``sections`` of (heading, body)."""
    fields.setdefault("slug", _unique_slug(title))
    event = Event(title=title, date=date, status=status, **fields)
    event.full_clean()
    event.save()
    for order, (person, role) in enumerate(people):
        EventPerson.objects.create(event=event, person=person, role=role, order=order)
    for order, (heading, body) in enumerate(sections):
        EventSection.objects.create(event=event, heading=heading, body=body, order=order)
    return event


def make_agreement(
    title="Roosevelt–Litvinov Agreements",
    *,
    signed="1933-11-16",
    status=Status.PUBLISHED,
    parties=(),
    signatories=(),
    **fields,
):
    """An agreement; ``signatories`` is a list of (person, party place, role)."""
    fields.setdefault("slug", _unique_slug(title))
    agreement = Agreement(title=title, signed=signed, status=status, **fields)
    agreement.full_clean()
    agreement.save()
    agreement.parties.set(parties)
    for order, (person, party, role) in enumerate(signatories):
        Signatory.objects.create(agreement=agreement, person=person, party=party, role=role, order=order)
    return agreement


def _user(username, group=None, **flags):
    user = User.objects.create_user(username, f"{username}@example.org", "correct horse battery", **flags)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def viewer(db):
    return _user("viola-viewer", "Viewers", is_staff=True)


@pytest.fixture
def editor(db):
    return _user("edna-editor", "Editors", is_staff=True)


@pytest.fixture
def publisher(db):
    return _user("pablo-publisher", "Publishers", is_staff=True)


@pytest.fixture
def superuser(db):
    return _user("sue-superuser", is_staff=True, is_superuser=True)


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def viewer_client(viewer):
    return _client_for(viewer)


@pytest.fixture
def editor_client(editor):
    return _client_for(editor)


@pytest.fixture
def publisher_client(publisher):
    return _client_for(publisher)


@pytest.fixture
def superuser_client(superuser):
    return _client_for(superuser)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (Redis in CI's PostgreSQL run is shared)."""
    from django.core.cache import cache

    from lib.page_cache import forget_local

    cache.clear()
    forget_local()  # the page cache's per-process first level (used with Redis)
    yield


def _form_values(form):
    """The values ``form`` renders, as a browser would post them (files left out)."""
    values = {}
    for field in form:
        if isinstance(field.field, forms.FileField):
            continue
        value = field.value()
        if isinstance(field.field.widget, forms.CheckboxInput):
            if value:
                values[field.html_name] = "on"
        elif isinstance(field.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            values[field.html_name] = [str(getattr(item, "pk", item)) for item in value or []]
        else:
            values[field.html_name] = "" if value is None else str(getattr(value, "pk", value))
    return values


class AdminFormData(dict):
    """POST data that submits an admin add/change page as it was rendered, inlines included.

    Read from the page's own forms (``adminform`` and ``inline_admin_formsets`` in the response
    context), so a test changes only the fields it cares about and keeps the management forms
    (``<prefix>-TOTAL_FORMS``, ``-INITIAL_FORMS``, ``-MIN_NUM_FORMS``, ``-MAX_NUM_FORMS``) right::

        data = admin_form_data(client.get(add_url))
        data.update(title="Recognition", slug="recognition", date="1933-11-16")
        data.add_row(EventPerson, person=litvinov.pk, role="negotiator")
        client.post(add_url, data)
    """

    def __init__(self, response):
        super().__init__(_form_values(response.context["adminform"].form))
        self._prefixes, self._blank_rows = {}, {}
        for inline in response.context.get("inline_admin_formsets") or []:
            formset = inline.formset
            self._prefixes[formset.model] = formset.prefix
            self.update(_form_values(formset.management_form))
            # Existing rows as they are; the blank extra rows are left out (TOTAL = INITIAL).
            self[f"{formset.prefix}-TOTAL_FORMS"] = str(formset.initial_form_count())
            for form in formset.initial_forms:
                self.update(_form_values(form))
            self._blank_rows[formset.prefix] = _form_values(formset.empty_form)
        self["_save"] = "Save"

    def prefix(self, model):
        return self._prefixes[model]

    def add_row(self, model, **values):
        """Fill in a new inline row for ``model`` (its blank form's defaults, then ``values``)."""
        prefix = self._prefixes[model]
        index = int(self[f"{prefix}-TOTAL_FORMS"])
        for name, value in self._blank_rows[prefix].items():
            self[name.replace("__prefix__", str(index))] = value
        for name, value in values.items():
            self[f"{prefix}-{index}-{name}"] = value
        self[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
        return index


@pytest.fixture
def admin_form_data():
    """Build POST data from an admin add/change page response: see ``AdminFormData``."""
    return AdminFormData


@pytest.fixture
def indexing(django_capture_on_commit_callbacks):
    """Run the search indexing that waits for the commit: ``with indexing(): make_event(...)``.

    Tests run inside a transaction that never commits, so the index (events.search_index) is only
    written when a test asks for it.
    """

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture
