"""System checks: the full-text index that migration 0003 builds outside Django's models is still there.

On SQLite, a later migration that alters ``events_searchentry`` in a way SQLite cannot (most
changes) makes Django copy the table into a new one and drop the old one, and the FTS triggers go
with it; the search then silently stops seeing new records. This check, run by ``migrate`` and by
``manage.py check --database default`` (and by the test suite), reports it.
"""

from django.core import checks
from django.db import connections

SQLITE_OBJECTS = {
    ("table", "events_searchentry_fts"),
    ("trigger", "events_searchentry_fts_insert"),
    ("trigger", "events_searchentry_fts_delete"),
    ("trigger", "events_searchentry_fts_update"),
    ("table", "events_searchname_trigrams"),
    ("trigger", "events_searchname_trigrams_insert"),
    ("trigger", "events_searchname_trigrams_delete"),
    ("trigger", "events_searchname_trigrams_update"),
}
POSTGRESQL_OBJECTS = {
    ("column", "events_searchentry.document"),
    ("index", "events_searchentry_document_idx"),
    ("index", "events_searchname_word_trgm_idx"),
    ("config", "archive_search"),
}


def _existing(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT type, name FROM sqlite_master WHERE name LIKE 'events_search%'")
            return set(cursor.fetchall())
        cursor.execute(
            "SELECT 'column', table_name || '.' || column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = 'events_searchentry'"
            " UNION ALL SELECT 'index', indexname FROM pg_indexes"
            " WHERE schemaname = current_schema() AND tablename LIKE 'events_search%'"
            " UNION ALL SELECT 'config', cfgname FROM pg_ts_config"
        )
        return set(cursor.fetchall())


def missing_search_objects(connection):
    """What the search index needs on ``connection`` and cannot find (empty before migrating)."""
    expected = {"sqlite": SQLITE_OBJECTS, "postgresql": POSTGRESQL_OBJECTS}.get(connection.vendor)
    if expected is None or "events_searchentry" not in connection.introspection.table_names():
        return set()
    return expected - _existing(connection)


@checks.register(checks.Tags.database)
def check_search_index(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or ():
        missing = missing_search_objects(connections[alias])
        if missing:
            errors.append(
                checks.Error(
                    f"The search index on database {alias!r} lacks {', '.join(sorted(n for _, n in missing))}.",
                    hint="A migration probably rebuilt events_searchentry: recreate them as in "
                    "events/migrations/0003_search_index.py, then run manage.py reindex.",
                    id="events.E001",
                )
            )
    return errors
