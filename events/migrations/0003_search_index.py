"""The search index tables, and the full-text index over them for each database.

SQLite: an FTS5 table over SearchEntry (external content, so the text is stored once) kept in
sync by triggers, and an FTS5 trigram table over SearchName for "Did you mean …?".
PostgreSQL: a generated tsvector column (title and names weight A, summary B, body C) with a GIN
index, a text search configuration that folds accents, and a pg_trgm index over SearchName.
events.checks verifies that these exist: a later migration that rebuilds a table on SQLite
(Django copies it into a new one) drops its triggers and must create them again.
"""

import django.db.models.deletion
from django.db import migrations, models


class VendorSQL(migrations.RunSQL):
    """RunSQL that runs only on one database vendor ("sqlite" or "postgresql")."""

    def __init__(self, vendor, sql, reverse_sql):
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


FTS_COLUMNS = "title, names, summary, body"
SQLITE_SQL = [
    f"""CREATE VIRTUAL TABLE events_searchentry_fts USING fts5(
        {FTS_COLUMNS},
        content='events_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    f"""CREATE TRIGGER events_searchentry_fts_insert AFTER INSERT ON events_searchentry BEGIN
        INSERT INTO events_searchentry_fts(rowid, {FTS_COLUMNS})
        VALUES (new.id, new.title, new.names, new.summary, new.body);
    END""",
    f"""CREATE TRIGGER events_searchentry_fts_delete AFTER DELETE ON events_searchentry BEGIN
        INSERT INTO events_searchentry_fts(events_searchentry_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.names, old.summary, old.body);
    END""",
    f"""CREATE TRIGGER events_searchentry_fts_update AFTER UPDATE ON events_searchentry BEGIN
        INSERT INTO events_searchentry_fts(events_searchentry_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.names, old.summary, old.body);
        INSERT INTO events_searchentry_fts(rowid, {FTS_COLUMNS})
        VALUES (new.id, new.title, new.names, new.summary, new.body);
    END""",
    """CREATE VIRTUAL TABLE events_searchname_trigrams USING fts5(
        word, content='events_searchname', content_rowid='id', tokenize='trigram'
    )""",
    """CREATE TRIGGER events_searchname_trigrams_insert AFTER INSERT ON events_searchname BEGIN
        INSERT INTO events_searchname_trigrams(rowid, word) VALUES (new.id, new.word);
    END""",
    """CREATE TRIGGER events_searchname_trigrams_delete AFTER DELETE ON events_searchname BEGIN
        INSERT INTO events_searchname_trigrams(events_searchname_trigrams, rowid, word)
        VALUES ('delete', old.id, old.word);
    END""",
    """CREATE TRIGGER events_searchname_trigrams_update AFTER UPDATE ON events_searchname BEGIN
        INSERT INTO events_searchname_trigrams(events_searchname_trigrams, rowid, word)
        VALUES ('delete', old.id, old.word);
        INSERT INTO events_searchname_trigrams(rowid, word) VALUES (new.id, new.word);
    END""",
]
SQLITE_REVERSE_SQL = [
    "DROP TRIGGER IF EXISTS events_searchname_trigrams_update",
    "DROP TRIGGER IF EXISTS events_searchname_trigrams_delete",
    "DROP TRIGGER IF EXISTS events_searchname_trigrams_insert",
    "DROP TABLE IF EXISTS events_searchname_trigrams",
    "DROP TRIGGER IF EXISTS events_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS events_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS events_searchentry_fts_insert",
    "DROP TABLE IF EXISTS events_searchentry_fts",
]

POSTGRESQL_SQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # English stemming with accents folded first ("Édouard" finds "Edouard").
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'archive_search') THEN
            CREATE TEXT SEARCH CONFIGURATION archive_search (COPY = pg_catalog.english);
            ALTER TEXT SEARCH CONFIGURATION archive_search
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
        END IF;
    END $$""",
    # to_tsvector with an explicit configuration is IMMUTABLE, as a generated column requires.
    """ALTER TABLE events_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('archive_search'::regconfig, title), 'A')
        || setweight(to_tsvector('archive_search'::regconfig, names), 'A')
        || setweight(to_tsvector('archive_search'::regconfig, summary), 'B')
        || setweight(to_tsvector('archive_search'::regconfig, body), 'C')
    ) STORED""",
    # document @@ query: every search.
    "CREATE INDEX events_searchentry_document_idx ON events_searchentry USING gin (document)",
    # ORDER BY word <-> %s: the nearest names to a misspelt word (KNN needs GiST, not GIN).
    "CREATE INDEX events_searchname_word_trgm_idx ON events_searchname USING gist (word gist_trgm_ops)",
]
POSTGRESQL_REVERSE_SQL = [
    "DROP INDEX IF EXISTS events_searchname_word_trgm_idx",
    "DROP INDEX IF EXISTS events_searchentry_document_idx",
    "ALTER TABLE events_searchentry DROP COLUMN IF EXISTS document",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_search",
]


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0002_curator_groups'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchName',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=100, unique=True)),
            ],
            options={
                'ordering': ['word'],
            },
        ),
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('event', 'Event'), ('agreement', 'Agreement'), ('person', 'Person'), ('place', 'Place'), ('topic', 'Topic')], max_length=16)),
                ('object_id', models.BigIntegerField()),
                ('slug', models.CharField(max_length=200)),
                ('status', models.CharField(max_length=16)),
                ('display_title', models.CharField(max_length=300)),
                ('title', models.TextField()),
                ('names', models.TextField(blank=True)),
                ('summary', models.TextField(blank=True)),
                ('body', models.TextField(blank=True)),
                ('date', models.CharField(blank=True, max_length=130)),
                ('date_lower', models.DateField(blank=True, null=True)),
                ('date_upper', models.DateField(blank=True, null=True)),
                ('event_kind', models.CharField(blank=True, max_length=20)),
            ],
            options={
                'verbose_name_plural': 'search entries',
                'ordering': ['kind', 'object_id'],
                'indexes': [models.Index(fields=['status', 'date_lower'], name='searchentry_status_date_idx')],
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='searchentry_unique_record')],
            },
        ),
        migrations.CreateModel(
            name='SearchFacet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(choices=[('type', 'Type'), ('era', 'Era'), ('decade', 'Decade'), ('topic', 'Topic'), ('place', 'Place'), ('kind', 'Kind of event')], max_length=16)),
                ('value', models.CharField(max_length=64)),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='facets', to='events.searchentry')),
            ],
            options={
                'ordering': ['entry', 'name', 'value'],
                'indexes': [models.Index(fields=['name', 'value', 'entry'], name='searchfacet_filter_idx')],
                'constraints': [models.UniqueConstraint(fields=('entry', 'name', 'value'), name='searchfacet_unique_value')],
            },
        ),
        VendorSQL("sqlite", SQLITE_SQL, SQLITE_REVERSE_SQL),
        VendorSQL("postgresql", POSTGRESQL_SQL, POSTGRESQL_REVERSE_SQL),
    ]
