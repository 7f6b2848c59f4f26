"""Who may see and change what: anonymous, viewer, editor, publisher and superuser against every admin
URL of every registered model and every public URL.

The URLs come from the admin site's registry (each ModelAdmin's ``get_urls()``) and from the URL
resolver, so a new model or page is covered without editing this file; a page this file cannot fill
in (a new kind of record with no factory below) fails the completeness test until it is added.
What each actor may do is written down once in ``_may_see`` and ``_may_change``, from the groups'
rules (Viewers read, Editors write but cannot publish and cannot touch live records, Publishers do
everything curated, only superusers manage users, logins and import logs).
"""

import itertools

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from conftest import make_agreement, make_era, make_event, make_person, make_place, make_source, make_topic
from events.models import Agreement, Era, Event, ImportRun, Place, Source, Topic
from lib.publishing import Publishable, Status
from people.models import Person

ACTORS = ["anonymous", "viewer", "editor", "publisher", "superuser"]
_serial = itertools.count(1)

# Admin pages that never accept a change from anyone, superusers included: the import log and
# django-axes' records of logins (written only by the login form).
READ_ONLY_MODELS = {ImportRun, *(model for model in admin.site._registry if model._meta.app_label == "axes")}


def _factories():
    """How to make a record of each model with curated admin pages: ``factory(status)``."""

    def import_run(status):
        return ImportRun.objects.create(
            source="/data/hsg",
            datasets="tags",
            outcome="success",
            started_at="2026-01-01T00:00Z",
            finished_at="2026-01-01T00:01Z",
        )

    def agreement(status):
        return make_agreement(
            f"Matrix agreement {next(_serial)}", status=status, parties=[make_place(f"Party {next(_serial)}")]
        )

    return {
        Event: lambda status: make_event(f"Matrix event {next(_serial)}", status=status),
        Agreement: agreement,
        Person: lambda status: make_person(f"Matrix Person{next(_serial)}", status=status),
        Era: lambda status: make_era(f"Matrix era {next(_serial)}"),
        Place: lambda status: make_place(f"Matrix place {next(_serial)}"),
        Topic: lambda status: make_topic(f"Matrix topic {next(_serial)}"),
        Source: lambda status: make_source(f"Matrix source {next(_serial)}"),
        ImportRun: import_run,
        User: lambda status: User.objects.create_user(f"matrix-user-{next(_serial)}"),
        Group: lambda status: Group.objects.create(name=f"Matrix group {next(_serial)}"),
    }


def _curated_models():
    """The models the curator groups hold permissions on (read from the groups the migration made)."""
    editors = Group.objects.get(name="Editors")
    return {perm.content_type.model_class() for perm in editors.permissions.select_related("content_type")}


def _states(model):
    return [Status.DRAFT, Status.PUBLISHED] if issubclass(model, Publishable) else [None]


def _client(actor, request):
    return Client() if actor == "anonymous" else request.getfixturevalue(f"{actor}_client")


# The rules ------------------------------------------------------------------------------------------


def _may_change(actor, model, live, curated):
    """May ``actor`` add, change, delete or revert records of ``model`` (``live``: published)?"""
    if actor == "anonymous" or model in READ_ONLY_MODELS:
        return False
    if actor == "superuser":
        return True
    if not curated or actor == "viewer":
        return False
    return not (live and actor == "editor")


def _may_see(actor, model, view, live, curated):
    """The status an admin GET answers ``actor`` with."""
    if actor == "anonymous":
        return 302  # to the login page
    if view in ("add", "recover"):
        return 200 if _may_change(actor, model, False, curated) else 403
    if view == "delete":
        return 200 if _may_change(actor, model, live, curated) else 403
    if view == "password_change":
        return 200 if actor == "superuser" else 403
    # changelist, change (read only when it may not change), history, an old version
    return 200 if actor == "superuser" or curated else 403


# The URLs -------------------------------------------------------------------------------------------


def _admin_urls(model_admin, obj):
    """(view, URL) of every page the ModelAdmin serves, for ``obj`` where the page is a record's."""
    opts = model_admin.model._meta
    prefix = f"{opts.app_label}_{opts.model_name}_"
    for pattern in model_admin.get_urls():
        if not pattern.name or not pattern.name.startswith(prefix):
            continue
        view = pattern.name.removeprefix(prefix)
        # simple-history's pages are regular expressions: count their groups (record, then version).
        groups = pattern.pattern.regex.groups
        if groups:
            if obj is None:
                continue
            args = [obj.pk]
            if groups == 2:
                version = obj.history.earliest() if hasattr(obj, "history") else None
                if version is None:
                    continue
                args.append(version.history_id)
            yield view, reverse(f"admin:{pattern.name}", args=args)
        else:
            yield view, reverse(f"admin:{pattern.name}")


@pytest.fixture
def records(db):
    """A record of every registered model (a draft and a published one where there are states)."""
    factories = _factories()
    made = {}
    for model in admin.site._registry:
        factory = factories.get(model)
        made[model] = {state: factory(state) if factory else None for state in _states(model)}
    return made


@pytest.mark.django_db
def test_every_curated_model_has_a_factory_here():
    missing = [model._meta.label for model in admin.site._registry if model not in _factories()]
    # Third-party admin pages (logins recorded by django-axes) are checked without a record.
    assert all(label.startswith("axes.") for label in missing), missing


def _snapshot(obj):
    model = type(obj)
    row = model._default_manager.filter(pk=obj.pk).first()
    return model_to_dict(row) if row is not None else None


def _changed_form_data(obj, admin_form_data, superuser_client):
    """The record's change form as a superuser sees it, with one text field changed."""
    model_admin = admin.site._registry[type(obj)]
    response = superuser_client.get(
        reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    )
    data = admin_form_data(response)
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        model_field = next((f for f in type(obj)._meta.fields if f.name == name), None)
        if (
            model_field is not None
            and field.__class__.__name__ == "CharField"
            and not model_field.unique
            and not model_field.choices
            and name not in model_admin.prepopulated_fields
            and not name.endswith("_key")
        ):
            data[name] = f"{data.get(name, '')} (changed)".strip()
            return data
    raise AssertionError(f"No text field to change on {type(obj).__name__}")


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_admin_pages_answer_each_actor_as_their_group_allows(actor, request, records):
    client = _client(actor, request)
    curated = _curated_models()
    seen = 0
    for model, model_admin in admin.site._registry.items():
        for state, obj in records[model].items():
            live = state == Status.PUBLISHED
            for view, url in _admin_urls(model_admin, obj):
                if view in ("changelist", "add", "recover") and state not in (None, Status.DRAFT):
                    continue  # Pages that are not a record's: once per model.
                response = client.get(url)
                expected = _may_see(actor, model, view, live, model in curated)
                assert response.status_code == expected, (actor, url, response.status_code)
                if expected == 302:
                    assert response["Location"].startswith(reverse("admin:login"))
                seen += 1
    assert seen > 60


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_admin_changes_are_made_only_by_actors_allowed_to(actor, request, records, admin_form_data, superuser_client):
    client = _client(actor, request)
    curated = _curated_models()
    factories = _factories()
    for model in admin.site._registry:
        if model not in factories or model in (User, Group):
            continue
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        for state, obj in records[model].items():
            live = state == Status.PUBLISHED
            allowed = _may_change(actor, model, live, model in curated)
            label = (actor, model.__name__, state)

            # Change
            before = _snapshot(obj)
            if model not in READ_ONLY_MODELS:
                data = _changed_form_data(obj, admin_form_data, superuser_client)
                response = client.post(reverse(f"{name}_change", args=[obj.pk]), data)
                assert (_snapshot(obj) != before) == allowed, label
                assert response.status_code == (302 if allowed or actor == "anonymous" else 403), label

            # Revert to the first version
            if hasattr(model, "history") and obj.history.count() > 1:
                revert_url = reverse(f"{name}_simple_history", args=[obj.pk, obj.history.earliest().history_id])
                before = _snapshot(obj)
                data = admin_form_data(superuser_client.get(revert_url))
                response = client.post(revert_url, data)
                assert (_snapshot(obj) != before) == allowed, (*label, "revert")

            # Delete (a record of its own)
            victim = factories[model](state)
            response = client.post(reverse(f"{name}_delete", args=[victim.pk]), {"post": "yes"})
            assert (_snapshot(victim) is None) == allowed, (*label, "delete")
            if not allowed:
                assert response.status_code in (302, 403), label

            # Add: a refused actor gets nothing created even with a complete form
            if not allowed and model not in READ_ONLY_MODELS:
                count = model._default_manager.count()
                client.post(reverse(f"{name}_add"), {"title": "Smuggled", "name": "Smuggled", "slug": "smuggled"})
                assert model._default_manager.count() == count, (*label, "add")

            # Recover a deleted record
            if hasattr(model, "history") and state in (None, Status.DRAFT):
                gone = factories[model](state)
                gone_pk = gone.pk
                gone.delete()
                deleted_row = model.history.filter(history_type="-", **{opts.pk.attname: gone_pk}).get()
                client.post(reverse(f"{name}_recover"), {"history_id": deleted_row.history_id})
                recovered = model._default_manager.filter(pk=gone_pk).exists()
                assert recovered == _may_change(actor, model, False, model in curated), (*label, "recover")


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_the_admin_site_pages_answer_each_actor(actor, request, records):
    client = _client(actor, request)
    staff = actor != "anonymous"
    autocomplete = reverse("admin:autocomplete") + "?app_label=events&model_name=event&field_name=era&term=Matrix"
    expected = {
        reverse("admin:index"): 200 if staff else 302,
        reverse("admin:app_list", args=["events"]): 200 if staff else 302,
        reverse("admin:app_list", args=["people"]): 200 if staff else 302,
        # Users, groups and login records: only superusers see the section at all.
        reverse("admin:app_list", args=["auth"]): {"anonymous": 302, "superuser": 200}.get(actor, 404),
        reverse("admin:app_list", args=["axes"]): {"anonymous": 302, "superuser": 200}.get(actor, 404),
        autocomplete: 200 if staff else 302,
    }
    for url, status in expected.items():
        assert client.get(url).status_code == status, (actor, url)
    if staff:
        results = client.get(autocomplete).json()["results"]
        assert [row["text"] for row in results] == [str(records[Era][None])]


ACTIONS = [
    # (action, from status, to status, who may)
    ("submit_for_review", Status.DRAFT, Status.REVIEW, {"editor", "publisher", "superuser"}),
    ("publish", Status.DRAFT, Status.PUBLISHED, {"publisher", "superuser"}),
    ("retire", Status.PUBLISHED, Status.RETIRED, {"publisher", "superuser"}),
    ("unpublish", Status.PUBLISHED, Status.DRAFT, {"publisher", "superuser"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_workflow_actions_and_bulk_delete_respect_the_roles(actor, request):
    client = _client(actor, request)
    factories = _factories()
    for model in admin.site._registry:
        if not issubclass(model, Publishable):
            continue
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for action, start, end, who in ACTIONS:
            obj = factories[model](start)
            client.post(changelist, {"action": action, "_selected_action": [obj.pk]})
            obj.refresh_from_db()
            assert obj.status == (end if actor in who else start), (actor, model.__name__, action)
        live = factories[model](Status.PUBLISHED)
        client.post(changelist, {"action": "delete_selected", "_selected_action": [live.pk], "post": "yes"})
        gone = not model._default_manager.filter(pk=live.pk).exists()
        assert gone == (actor in {"publisher", "superuser"}), (actor, model.__name__, "delete_selected")


# Public pages ---------------------------------------------------------------------------------------


def _public_patterns(patterns=None, namespace=""):
    """(namespaced name, pattern) of every named public URL; the admin is left out."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _public_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _public_urls(records):
    """(URL, published?) for every public page: record pages once per state, the others once."""
    record_pages = {}
    for made in records.values():
        for state, obj in made.items():
            if obj is not None and hasattr(obj, "get_absolute_url") and type(obj) not in (User, Group):
                url = obj.get_absolute_url()
                record_pages.setdefault(resolve(url).view_name, []).append((url, state != Status.DRAFT))
    urls, unfilled = [], []
    for name, pattern in _public_patterns():
        params = set(pattern.pattern.converters)
        if not params:
            urls.append((reverse(name), True))
        elif name in record_pages:
            urls.extend(record_pages[name])
        elif params == {"section"}:
            urls.extend((reverse(name, kwargs={"section": key}), True) for key in pattern.default_args["sitemaps"])
        elif params == {"slug"} and (page := _page_under(name, record_pages)):
            # A file of a record page (cite.bib, cite.ris): the same records, the same rule.
            suffix = reverse(name, kwargs={"slug": "x"}).removeprefix(reverse(page, kwargs={"slug": "x"}))
            urls.extend((url + suffix, published) for url, published in record_pages[page])
        else:
            unfilled.append((name, params))
    return urls, unfilled


def _page_under(name, record_pages):
    """The record page whose address starts the address of ``name`` (both with slug "x"), if any."""
    address = reverse(name, kwargs={"slug": "x"})
    return next((page for page in record_pages if address.startswith(reverse(page, kwargs={"slug": "x"}))), None)


@pytest.mark.django_db
def test_every_public_url_is_covered(records):
    urls, unfilled = _public_urls(records)
    # Old history.state.gov addresses carry that site's ids: checked in test_permissions_matrix below.
    assert {name for name, _ in unfilled} <= {"hsg:milestone_chapter", "hsg:milestone", "hsg:person"}, unfilled
    assert len(urls) > 15


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_public_pages_show_drafts_to_staff_only(actor, request, records):
    client = _client(actor, request)
    urls, _ = _public_urls(records)
    for url, published in urls:
        response = client.get(url)
        expected = 200 if published or actor != "anonymous" else 404
        assert response.status_code == expected, (actor, url, response.status_code)
    # The old addresses: a redirect to a public record, 404 for what is unknown or not public.
    assert client.get(reverse("hsg:person", args=["no-such-person"])).status_code == 404
    assert client.get(reverse("hsg:milestone", args=["1921-1936", "nothing"])).status_code == 404
    assert client.get(reverse("hsg:milestone_chapter", args=["1921-1936"])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_public_pages_change_nothing_on_post(actor, request, records):
    client = _client(actor, request)
    urls, _ = _public_urls(records)
    before = {
        model: sorted(map(str, model._default_manager.values_list("pk", flat=True))) for model in admin.site._registry
    }
    for url, _published in urls:
        response = client.post(url, {"title": "x", "status": "published"})
        assert response.status_code < 500, (actor, url)
    after = {
        model: sorted(map(str, model._default_manager.values_list("pk", flat=True))) for model in admin.site._registry
    }
    assert before == after
