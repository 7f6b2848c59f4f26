"""Test data built in code: small factories and the named actors every app's tests use.

Actors: ``viewer`` (read-only), ``editor`` (writes, cannot publish), ``publisher`` (also
publishes), ``superuser``; each has a logged-in client (``editor_client`` and so on).
Anonymous visitors use pytest-django's ``client``.
"""

import itertools

import pytest
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

    cache.clear()
    yield
