"""The person admin: names, posts and sources inline, the duplicate warning, validation messages."""

import pytest
from django.urls import reverse

from conftest import make_person
from lib.dates import ACCEPTED_FORMS
from lib.publishing import Status
from people.models import Person, PersonName, Position

ADD_URL = "admin:people_person_add"


def _new_person(client, admin_form_data, **fields):
    data = admin_form_data(client.get(reverse(ADD_URL)))
    data.update(display_name="Maxim Litvinov", surname="Litvinov", forenames="Maxim", slug="maxim-litvinov")
    data.update(fields)
    return data


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _inline_errors(response, model):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return [form.errors for form in inline.formset.forms if form.errors]
    raise AssertionError(f"no {model.__name__} inline on the page")


@pytest.mark.django_db
def test_an_editor_creates_a_person_with_names_and_posts_as_a_draft(editor, editor_client, admin_form_data):
    data = _new_person(editor_client, admin_form_data, birth="1876-07-17", death="1951-12-31")
    data.add_row(PersonName, name="Максим Литвинов", kind="script", language="ru")
    data.add_row(Position, title="People's Commissar for Foreign Affairs", start="1930-07-21", end="1939-05-03")

    response = editor_client.post(reverse(ADD_URL), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    person = Person.objects.get(slug="maxim-litvinov")
    assert (person.status, person.sort_name) == (Status.DRAFT, "Litvinov, Maxim")
    assert [name.name for name in person.alternate_names.all()] == ["Максим Литвинов"]
    assert person.positions.get().start_lower.year == 1930
    assert person.history.latest().history_user == editor


@pytest.mark.django_db
def test_saving_a_probable_duplicate_warns_with_a_link_but_saves(editor_client, admin_form_data):
    existing = make_person("Maxim Litvinov")
    response = editor_client.post(reverse(ADD_URL), _new_person(editor_client, admin_form_data), follow=True)

    assert Person.objects.count() == 2
    change_url = reverse("admin:people_person_change", args=[existing.pk])
    [warning] = [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert "may be the same person as" in str(warning)
    assert f'href="{change_url}"' in str(warning)


@pytest.mark.django_db
def test_a_name_recorded_as_someone_elses_alternate_name_is_a_probable_duplicate(editor_client, admin_form_data):
    existing = make_person("Maxim Litvinov")
    PersonName.objects.create(person=existing, name="Meir Wallach")
    data = _new_person(editor_client, admin_form_data, display_name="Meir  Wallach", slug="meir-wallach")
    response = editor_client.post(reverse(ADD_URL), data, follow=True)
    assert any("may be the same person as" in message for message in _messages(response))


@pytest.mark.django_db
def test_a_distinct_name_gives_no_warning(editor_client, admin_form_data):
    make_person("William Bullitt")
    response = editor_client.post(reverse(ADD_URL), _new_person(editor_client, admin_form_data), follow=True)
    assert not any("may be the same person" in message for message in _messages(response))


@pytest.mark.django_db
def test_a_death_before_the_birth_is_refused(editor_client, admin_form_data):
    data = _new_person(editor_client, admin_form_data, birth="1876", death="1851")
    response = editor_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["death"] == ["The death date is before the birth date."]


@pytest.mark.django_db
def test_a_post_outside_the_life_entered_in_the_same_form_is_refused(editor_client, admin_form_data):
    data = _new_person(editor_client, admin_form_data, birth="1876-07-17", death="1951-12-31")
    data.add_row(Position, title="Ambassador to the United States", start="1955")

    response = editor_client.post(reverse(ADD_URL), data)

    assert response.status_code == 200
    [errors] = _inline_errors(response, Position)
    assert errors["start"] == ["This post is dated outside Maxim Litvinov's life (1876-07-17–1951-12-31)."]
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_post_that_ends_before_it_starts_is_refused(editor_client, admin_form_data):
    data = _new_person(editor_client, admin_form_data)
    data.add_row(Position, title="Ambassador to the United States", start="1941-12", end="1941-11")
    response = editor_client.post(reverse(ADD_URL), data)
    assert _inline_errors(response, Position)[0]["end"] == ["The post ends before it starts."]


@pytest.mark.django_db
def test_an_invalid_birth_date_lists_the_accepted_forms(editor_client, admin_form_data):
    data = _new_person(editor_client, admin_form_data, birth="July 1876")
    response = editor_client.post(reverse(ADD_URL), data)
    assert response.context["adminform"].form.errors["birth"] == [
        f"“July 1876” is not a date this archive understands. {ACCEPTED_FORMS}"
    ]


@pytest.mark.django_db
def test_a_duplicate_slug_is_a_form_error(editor_client, admin_form_data):
    make_person("Maxim Maximovich Litvinov", slug="maxim-litvinov")
    response = editor_client.post(reverse(ADD_URL), _new_person(editor_client, admin_form_data))
    assert response.context["adminform"].form.errors["slug"] == ["Person with this Slug already exists."]


@pytest.mark.django_db
def test_the_admin_search_finds_a_person_by_an_alternate_name(editor_client):
    litvinov = make_person("Maxim Litvinov")
    PersonName.objects.create(person=litvinov, name="Maksim Litvinov")
    make_person("William Bullitt")
    page = editor_client.get(reverse("admin:people_person_changelist"), {"q": "Maksim"})
    assert list(page.context["cl"].result_list) == [litvinov]


@pytest.mark.django_db
def test_the_changelist_shows_the_lifespan_as_readers_see_it(editor_client):
    make_person("Maxim Litvinov", birth="1876-07-17", death="1951~")
    page = editor_client.get(reverse("admin:people_person_changelist"))
    assert "July 17, 1876 – c. 1951" in page.content.decode()
