"""Sort keys for a record's small relations, sorted in Python instead of by the database.

Django's compiler resolves every ORDER BY term through the model's fields and joins, 0.05–0.1 ms
a column, each time a query is built. A record's page reads half a dozen small relations (its
sections, people, places, sources: a handful of rows each), and their orderings were an eighth of
the page's instructions (docs/performance.md, "Orderings in Python"). Sorting a few rows in
Python costs microseconds: the pages read them with ``order_by()`` and sort with these keys, which
follow the models' Meta.ordering and settle ties by id, as SQL would not.
"""

from operator import attrgetter

BY_ORDER = attrgetter("order", "id")
BY_NAME = attrgetter("name", "id")

# The timeline's order, oldest first, NULLs last: DatedQuerySet.chronological() in SQL
# (events/querysets.py), chronological_row_key() in Python, and the previous/next event.
CHRONOLOGICAL_FIELDS = ("date_lower", "date_upper", "title", "id")


def nulls_last(value):
    """A sort key part that puts None after every value (as ``nulls_last=True`` in SQL)."""
    return (value is None, value if value is not None else 0)


def chronological_row_key(row):
    """A row of CHRONOLOGICAL_FIELDS' values, as DatedQuerySet.chronological() orders it."""
    return tuple(map(nulls_last, row))
