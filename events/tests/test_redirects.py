"""The Office of the Historian's old addresses (events/redirects.py): 301s to public pages, 404s for anything else."""

import pytest

from conftest import make_era, make_event, make_person
from lib.publishing import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(db):
    era = make_era(source_key="1921-1936")
    essay = make_event(era=era, source_key="1921-1936/ussr", status=Status.RETIRED)
    draft = make_event("An essay not yet public", era=era, source_key="1921-1936/draft", status=Status.DRAFT)
    person = make_person("Charles Evans Hughes", hsg_id="hughes-charles-evans", hsg_old_ids="hughes-c hughes-ce")
    hidden = make_person("A Draft Person", hsg_id="draft-person", status=Status.DRAFT)
    return {"era": era, "essay": essay, "draft": draft, "person": person, "hidden": hidden}


@pytest.mark.parametrize(
    ("old", "record"),
    [
        ("/milestones/1921-1936/ussr", "essay"),
        ("/milestones/1921-1936/ussr/", "essay"),
        ("/milestones/1921-1936", "era"),
        ("/milestones/1921-1936/", "era"),
        ("/milestones/1921-1936/foreword", "era"),
        ("/departmenthistory/people/hughes-charles-evans", "person"),
        ("/departmenthistory/people/hughes-charles-evans/", "person"),
        ("/departmenthistory/people/hughes-c", "person"),  # Former ids, first and last in the list.
        ("/departmenthistory/people/hughes-ce", "person"),
    ],
)
def test_old_addresses_redirect_permanently_to_the_record_page(
    client, imported, old, record, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == imported[record].get_absolute_url()


@pytest.mark.parametrize(
    "old",
    [
        "/milestones/1921-1936/draft",  # Not public yet.
        "/milestones/1937-1945/ussr",  # The id is known in another chapter only.
        "/milestones/1937-1945",
        "/milestones/1921-1936/u.s.-soviet-relations",
        "/milestones/1921-1936/%E2%80%93",
        "/departmenthistory/people/draft-person",
        "/departmenthistory/people/hughes",  # Part of an id is not an id.
        "/departmenthistory/people/charles-evans",
        "/departmenthistory/people/%00",  # PostgreSQL refuses a NUL in a query.
        "/milestones/1921-1936/us%00sr",
        "/departmenthistory/people/" + "x" * 300,
    ],
)
def test_unknown_or_hidden_records_are_not_found(client, imported, old):
    assert client.get(old).status_code == 404
