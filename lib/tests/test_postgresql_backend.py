"""lib.postgresql: statements with more parameters than server-side binding allows are batched."""

import pytest
from django.db import connection

from conftest import make_place
from events.models import Place
from lib.postgresql.base import SERVER_SIDE_PARAMETERS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get("server_side_binding"),
        reason="PostgreSQL with server-side binding only (the CI's second run); SQLite batches on its own",
    ),
]


def test_it_knows_the_protocols_limit():
    assert connection.features.max_query_params == SERVER_SIDE_PARAMETERS
    assert connection.ops.bulk_batch_size(["a", "b", "c"], range(10**6)) == SERVER_SIDE_PARAMETERS // 3


def test_more_ids_than_one_statement_takes_are_read_in_batches():
    place = make_place()
    ids = [place.pk, *range(10**9, 10**9 + SERVER_SIDE_PARAMETERS + 10)]
    assert list(Place.objects.in_bulk(ids)) == [place.pk]


def test_more_rows_than_one_insert_takes_are_written_in_batches():
    # More rows than 65,535 parameters hold, at one a column (the id is left to the database).
    columns = len(Place._meta.concrete_fields) - 1
    rows = [Place(name=f"Place {i}", slug=f"place-{i}") for i in range(SERVER_SIDE_PARAMETERS // columns + 10)]
    Place.objects.bulk_create(rows)
    assert Place.objects.count() == len(rows)
