"""``manage.py restore FILE``: load a backup made by ``manage.py backup`` into an empty database.

All or nothing: the tables are emptied and the file loaded in one transaction, so a file that stops
halfway (a bad line, a record that no longer fits the schema) leaves the database as it was. A
database that already holds records or users is refused unless ``--force`` is given, which replaces
them. Afterwards the search index is rebuilt and cached pages are made stale. See docs/backup.md.
"""

import json
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.test.utils import override_settings

from events.management.commands.backup import NOT_SAVED, check_name, open_backup
from lib.page_cache import bump_content_version


def archive_records():
    """{model label: rows} of what a curator or an import made (records, their rows, users); empty ones left out."""
    models = [*apps.get_app_config("events").get_models(), *apps.get_app_config("people").get_models(), User]
    counts = {model._meta.label: model._base_manager.count() for model in models if model not in NOT_SAVED}
    return {label: count for label, count in counts.items() if count}


def _summary(counts):
    """ "15 events.Event, 3 people.Person… (483 rows in all)": the records themselves, history rows counted in."""
    main = ", ".join(f"{count} {label}" for label, count in sorted(counts.items()) if ".Historical" not in label)
    return f"{main} ({sum(counts.values())} rows with their history)"


def empty_tables():
    """Delete the rows of every table but the ones ``migrate`` fills (content types, permissions).

    DELETE rather than TRUNCATE: it runs inside a transaction that has already written rows (PostgreSQL
    refuses to truncate a table with foreign-key checks pending) and does not lock readers out.
    Foreign keys are checked at commit, so the order does not matter.
    """
    kept = {model._meta.db_table for model in NOT_SAVED if model._meta.app_label in ("contenttypes", "auth")}
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        for table in sorted(set(tables) - kept):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


class Command(BaseCommand):
    help = "Load a backup made by `backup` into an empty database, in one transaction; --force replaces data."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A file written by `manage.py backup` (.jsonl or .jsonl.gz).")
        parser.add_argument(
            "--force", action="store_true", help="Replace the records and users the database holds now."
        )
        parser.add_argument("--dry-run", action="store_true", help="Read the file and count its records; load nothing.")

    def handle(self, *args, file, force=False, dry_run=False, verbosity=1, **options):
        check_name(file)
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        if dry_run:
            counts = self._count(file)
            self.stdout.write(
                self.style.SUCCESS(f"{file} holds {sum(counts.values())} records of {len(counts)} models.")
            )
            return
        present = archive_records()
        if present and not force:
            raise CommandError(
                f"The database is not empty: {_summary(present)}. Restore into a new database "
                "(`manage.py migrate` first), or give --force to replace what it holds with the backup."
            )
        try:
            with transaction.atomic():
                empty_tables()
                # loaddata resets the id sequences (PostgreSQL) and checks every foreign key at the end.
                # It sets many-to-many links after each record, and simple-history answers each with a
                # new history row (it skips raw saves, not links): off, the history comes from the file.
                with override_settings(SIMPLE_HISTORY_ENABLED=False):
                    call_command("loaddata", str(file.resolve()), verbosity=0)
        except (CommandError, DatabaseError, DeserializationError, ValueError) as error:
            raise CommandError(f"{file}: nothing was restored, the database is as it was. {error}") from error
        call_command("reindex", stdout=self.stdout)
        bump_content_version()
        restored = archive_records()
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Restored {file}: {_summary(restored)}."))

    def _count(self, file):
        counts = Counter()
        with open_backup(file, "r") as lines:
            for number, line in enumerate(lines, start=1):
                try:
                    counts[json.loads(line)["model"]] += 1
                except (ValueError, KeyError, TypeError) as error:
                    raise CommandError(f"{file}, line {number}: not a backup record ({error}).") from error
        return counts
