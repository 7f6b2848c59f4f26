"""Queries built and compiled by the ORM once per process, then run with other values.

Django builds a queryset's ``Query`` and compiles it to SQL every time it is evaluated. For the small
queries of a record's page (its sections, places, topics and people, each a few rows by one id)
that is 0.1–0.3 ms a query, more than the database takes to answer. A ``Baked`` query is built by
the ORM once, with a marker where the value goes; each run sends the same SQL with the value in the
marker's place, and turns the rows into what the queryset would have given, as Django does: the
backend's converters for each column, then ``Model.from_db()`` for model rows, or the tuples of
``values_list()``. SQLAlchemy calls the same idea a baked query.

What a baked query may be: model rows (with ``only()``/``defer()`` and annotations, without
``select_related()`` or ``prefetch_related()``; a ModelIterable of its own only if it has a
``finish(records)``) or ``values_list()`` of columns, and one value that varies, given to the
queryset's filters. Anything else raises ``TypeError`` when it is first run, so
a query that cannot be baked is found by the first test that runs it. The SQL is kept per database
vendor: the same shape has one text on SQLite and another on PostgreSQL. It runs on the database
named by ``using`` (the default one: this project has no database routers).
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesListIterable

# Where the value goes while the query is compiled: an id and a slug that no row has, and that no
# constant of a query (a status, a kind) equals. The id fits every integer column.
ID_MARKER = -1_357_924_680
SLUG_MARKER = "\x00baked-value\x00"


class Baked:
    """``Baked(lambda pk: Topic.objects.filter(events=pk).order_by())``, then ``baked(event.pk)``:
    a list of the rows, from SQL compiled on the first call of each vendor."""

    def __init__(self, build, marker=ID_MARKER):
        self.build = build
        self.marker = marker
        self._compiled = {}  # vendor -> _Compiled

    def __call__(self, value, using=DEFAULT_DB_ALIAS):
        connection = connections[using]
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:  # two threads may both compile it: the same result, kept once
            compiled = self._compiled[connection.vendor] = _Compiled(self.build(self.marker), self.marker, using)
        return compiled.run(value, connection)


class _Compiled:
    def __init__(self, queryset, marker, using):
        if queryset._prefetch_related_lookups:
            raise TypeError("a baked query cannot prefetch")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        self.sql, self.params = sql, list(params)
        self.slots = [index for index, param in enumerate(params) if type(param) is type(marker) and param == marker]
        if not self.slots:
            raise TypeError(f"a baked query must use its value in a filter: {sql}")
        select = compiler.select[: compiler.col_count]
        self.converters = [
            (position, converters, expression)
            for position, (converters, expression) in compiler.get_converters([column for column, *_ in select]).items()
        ]
        iterable = queryset._iterable_class
        if iterable is ValuesListIterable and not (queryset.query.extra_select or queryset.query.annotation_select):
            self.model = None  # the rows are the tuples, in the order values_list() named them
        elif iterable is FlatValuesListIterable:
            raise TypeError("a baked query gives tuples: values_list() without flat=True")
        elif issubclass(iterable, ModelIterable) and not compiler.klass_info.get("related_klass_infos"):
            info = compiler.klass_info
            self.model = info["model"]
            self.start, self.end = info["select_fields"][0], info["select_fields"][-1] + 1
            self.field_names = [column.target.attname for column, *_ in select[self.start : self.end]]
            self.annotations = list(compiler.annotation_col_map.items())
            # A ModelIterable of the project's own that adds to the rows (events.querysets) says how.
            self.finish = None if iterable is ModelIterable else getattr(iterable, "finish", None)
            if iterable is not ModelIterable and self.finish is None:
                raise TypeError(f"{iterable.__name__} has no finish(records) for a baked query's rows")
        else:
            raise TypeError("a baked query gives model rows without select_related(), or values_list() of columns")

    def run(self, value, connection):
        params = self.params.copy()
        for slot in self.slots:
            params[slot] = value
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = [self._convert(row, connection) for row in rows]
        if self.model is None:
            return [tuple(row) for row in rows]
        db, from_db, start, end = connection.alias, self.model.from_db, self.start, self.end
        records = []
        for row in rows:
            record = from_db(db, self.field_names, row[start:end])
            for name, position in self.annotations:
                setattr(record, name, row[position])
            records.append(record)
        return self.finish(records) if self.finish else records

    def _convert(self, row, connection):
        row = list(row)
        for position, converters, expression in self.converters:
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        return row
