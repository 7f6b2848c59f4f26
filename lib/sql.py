"""Values written into a query's SQL instead of sent as parameters, for the few queries whose plan
depends on them.

With prepared statements (settings: DATABASE_PREPARED_STATEMENTS), PostgreSQL may plan a statement
once for every value of its parameters (a "generic plan") and keep that plan. For a range of dates
or one era among a score, the generic plan guesses how many rows match and can guess badly: it
sorted a whole decade of the timeline (2.5–5 ms at 100,000 events) where the value's own plan read
100 rows from an index (0.2 ms). Written into the SQL, the value is known when the statement is
planned; each value then has its own statement, so use this only where values are few (eras,
decades), never for text a reader typed.
"""

import datetime

from django.db.models.expressions import RawSQL


def inline(value):
    """``value`` (an integer or a date) as SQL text in a query, e.g. ``date_lower__gte=inline(day)``."""
    # Only types whose text is digits and dashes: nothing a reader sends can reach the SQL this way.
    if isinstance(value, bool) or not isinstance(value, (int, datetime.date)) or isinstance(value, datetime.datetime):
        raise TypeError(f"inline() takes an integer or a date, not {type(value).__name__}")
    if isinstance(value, int):
        return RawSQL(str(int(value)), ())
    return RawSQL(f"'{value.isoformat()}'", ())
