"""SQL written by hand into the ORM's queries: values whose plan depends on them (``inline``), and
whether a record has related rows (``has_rows``, read back with ``may_have``).

``inline``: with prepared statements (settings: DATABASE_PREPARED_STATEMENTS), PostgreSQL may plan a statement
once for every value of its parameters (a "generic plan") and keep that plan. For a range of dates
or one era among a score, the generic plan guesses how many rows match and can guess badly: it
sorted a whole decade of the timeline (2.5–5 ms at 100,000 events) where the value's own plan read
100 rows from an index (0.2 ms). Written into the SQL, the value is known when the statement is
planned; each value then has its own statement, so use this only where values are few (eras,
decades), never for text a reader typed.
"""

import datetime

from django.db import connection, models
from django.db.models.expressions import RawSQL


def inline(value):
    """``value`` (an integer or a date) as SQL text in a query, e.g. ``date_lower__gte=inline(day)``."""
    # Only types whose text is digits and dashes: nothing a reader sends can reach the SQL this way.
    if isinstance(value, bool) or not isinstance(value, (int, datetime.date)) or isinstance(value, datetime.datetime):
        raise TypeError(f"inline() takes an integer or a date, not {type(value).__name__}")
    if isinstance(value, int):
        return RawSQL(str(int(value)), ())
    return RawSQL(f"'{value.isoformat()}'", ())


def has_rows(model, *fields):
    """Whether ``model`` has a row whose foreign key ``fields`` (any of them) name the outer row:
    an annotation for a record's page (``EventQuerySet.for_detail()``, ``PersonQuerySet.for_detail()``),
    read back with ``may_have()``.

    Written in SQL: Django's Exists() took 1.2 ms to build for three of them, more than the three
    queries it spares a record without them; this takes 0.2 ms. The outer query must read the
    record's table under its own name (no alias), as the record pages do.
    """
    quote = connection.ops.quote_name
    target = model._meta.get_field(fields[0]).related_model._meta.db_table
    record_id = f"{quote(target)}.{quote('id')}"
    matches = " OR ".join(f"{quote(model._meta.get_field(field).column)} = {record_id}" for field in fields)
    return RawSQL(f"EXISTS (SELECT 1 FROM {quote(model._meta.db_table)} WHERE {matches})", (), models.BooleanField())


def may_have(record, relation):
    """False only when the record's for_detail() found that it has no ``relation`` ("figures",
    "sources", …: the ``has_<relation>`` annotations): a record read otherwise may have any."""
    return getattr(record, f"has_{relation}", True)
