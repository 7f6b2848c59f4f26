"""Person, alternate names and posts: derived fields and the checks clean() makes."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from conftest import make_person
from people.models import Person, PersonName, Position, normalize_name


def test_names_fold_case_accents_and_punctuation():
    assert normalize_name("LITVÍNOV.") == normalize_name("Litvinov") == "litvinov"


@pytest.mark.django_db
def test_saving_computes_the_sort_name_and_the_name_key():
    person = make_person("Maxim Litvinov", name_suffix="")
    assert (person.sort_name, person.name_key) == ("Litvinov, Maxim", "maxim litvinov")


@pytest.mark.django_db
def test_a_death_before_the_birth_is_refused_before_the_first_save():
    person = Person(display_name="Maxim Litvinov", slug="maxim-litvinov", birth="1876", death="1851")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert error.value.message_dict["death"] == ["The death date is before the birth date."]


@pytest.mark.django_db
def test_clean_checks_the_dates_as_changed_not_as_stored():
    person = make_person(birth="1876", death="1951")
    person.death = "1850"
    with pytest.raises(ValidationError):
        person.full_clean()
    assert person.death_upper == datetime.date(1850, 12, 31)


@pytest.mark.django_db
def test_uncertain_dates_that_may_be_in_order_pass():
    person = Person(display_name="Someone", slug="someone", birth="187X", death="1875~")
    person.full_clean()


@pytest.mark.django_db
def test_a_post_outside_the_persons_life_is_refused():
    person = make_person(birth="1876-07-17", death="1951-12-31")
    with pytest.raises(ValidationError) as error:
        Position(person=person, title="Ambassador", start="1955").full_clean()
    assert "outside Maxim Litvinov's life" in error.value.message_dict["start"][0]


@pytest.mark.django_db
def test_a_post_of_an_unsaved_person_is_checked_against_that_persons_dates():
    person = Person(display_name="Maxim Litvinov", slug="maxim-litvinov", birth="1876", death="1951")
    person.full_clean()
    with pytest.raises(ValidationError):
        Position(person=person, title="Ambassador", start="1955").full_clean(exclude=["person"])


@pytest.mark.django_db
def test_a_post_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValidationError) as error:
        Position(person=make_person(), title="Ambassador", start="1941-12", end="1941-11").full_clean()
    assert error.value.message_dict["end"] == ["The post ends before it starts."]


@pytest.mark.django_db
def test_probable_duplicates_match_names_and_alternate_names_but_not_oneself():
    litvinov = make_person("Maxim Litvinov")
    PersonName.objects.create(person=litvinov, name="Meir Wallach")
    namesake = make_person("Maxim  LITVINOV")
    wallach = make_person("Meir Wallach")
    assert list(namesake.probable_duplicates()) == [litvinov]
    assert list(wallach.probable_duplicates()) == [litvinov]
    assert set(litvinov.probable_duplicates()) == {namesake}


@pytest.mark.django_db
def test_by_name_finds_a_person_by_an_alternate_name():
    litvinov = make_person("Maxim Litvinov")
    PersonName.objects.create(person=litvinov, name="Максим Литвинов")
    assert list(Person.objects.by_name("максим литвинов")) == [litvinov]
