"""Small relations sorted in Python instead of by the database.

Django's compiler resolves every ORDER BY term through the model's fields and joins, 0.05–0.1 ms
a column, each time a query is built. A record's page reads half a dozen small relations (its
sections, people, places, sources: a handful of rows each), and their orderings were an eighth of
the page's instructions (docs/performance.md, "Orderings in Python"). Sorting a few rows in
Python costs microseconds.
"""

import functools
from operator import attrgetter

# The usual sort keys (module-level: in_python_order keeps a class per key). Within one record, the
# Meta.ordering of its ordered parts and of named records; the id settles ties, as SQL would not.
BY_ORDER = attrgetter("order", "id")
BY_NAME = attrgetter("name", "id")


def in_python_order(queryset, key):
    """``queryset`` without ORDER BY, its rows sorted by ``key(row)`` as they are read.

    Meant for the rows of one record, or of one page of records, in a prefetch. filter() and the
    prefetch machinery keep the order: they clone the queryset with its iterable class. values()
    and values_list() replace that class, so they go before this call, not after. A sliced
    queryset would sort the wrong rows, so it refuses one.
    """
    queryset = queryset.order_by()
    # QuerySet's hook for how rows become objects (as in events.querysets.EventQuerySet.for_list).
    queryset._iterable_class = _sorted_iterable(queryset._iterable_class, key)
    return queryset


@functools.lru_cache(maxsize=64)
def _sorted_iterable(read, key):
    """A subclass of the iterable ``read`` that sorts its rows by ``key``. One per pair, kept, since a
    class costs more to make than a page's rows to sort; hence module-level keys (BY_ORDER)."""

    class Sorted(read):
        def __iter__(self):
            if self.queryset.query.is_sliced:
                raise TypeError("in_python_order() sorts after reading: slice in the database with order_by().")
            return iter(sorted(super().__iter__(), key=key))

    return Sorted


def nulls_last(value):
    """A sort key part that puts None after every value (as ``nulls_last=True`` in SQL)."""
    return (value is None, value if value is not None else 0)
