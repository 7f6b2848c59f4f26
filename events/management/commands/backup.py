"""``manage.py backup FILE``: every record of the archive in one file that ``manage.py restore`` loads.

The file is Django's JSON Lines serialization (one record a line; gzip-compressed when the name ends
in ``.gz``): records, their history, inline rows, users, groups, the admin's log and the import log.
Primary keys are kept, so history rows still point at their records after a restore. Content types
and permissions are not saved (``migrate`` makes them, perhaps with other ids): the rows that refer
to them (groups' and users' permissions, the admin log) name them by natural key instead. The search
index is not saved either: ``restore`` rebuilds it. See docs/backup.md.
"""

import datetime
import gzip
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from events.search_models import SearchEntry, SearchFacet, SearchName

# Made by ``migrate`` (content types, permissions), short-lived (sessions) or derived (search index).
NOT_SAVED = {ContentType, Permission, Session, SearchEntry, SearchFacet, SearchName}
SUFFIXES = (".jsonl", ".jsonl.gz")


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Dates and times to the microsecond: Django's encoder (and so ``dumpdata``) keeps milliseconds only,
    and a restore would then change every ``updated_at`` and history date a little."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def saved_models():
    """The models a backup holds, in an order that loads (what a natural key names comes first)."""
    app_list = {config: None for config in apps.get_app_configs()}
    return [
        model
        for model in serializers.sort_dependencies(app_list.items(), allow_cycles=True)
        if model not in NOT_SAVED and model._meta.managed and not model._meta.proxy
    ]


def _names_by_natural_key(model):
    """True for the models that refer to a content type or permission: those ids differ between databases."""
    fields = [*model._meta.fields, *model._meta.many_to_many]
    return any(field.is_relation and field.related_model in (ContentType, Permission) for field in fields)


def open_backup(path, mode, *, compressed=None):
    """The file at ``path`` for text reading or writing, through gzip when its name ends in ``.gz``."""
    if path.suffix == ".gz" if compressed is None else compressed:
        return gzip.open(path, mode + "t", encoding="utf-8")
    return open(path, mode, encoding="utf-8")


def check_name(path):
    if not path.name.endswith(SUFFIXES):
        raise CommandError(f"{path}: a backup file's name ends in .jsonl or .jsonl.gz (it says what the file holds).")


class Command(BaseCommand):
    help = "Write every record (with history, users and groups) to FILE.jsonl or FILE.jsonl.gz for `restore`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The file to write, ending in .jsonl or .jsonl.gz.")
        parser.add_argument("--dry-run", action="store_true", help="Count the records; write nothing.")

    def handle(self, *args, file, dry_run=False, verbosity=1, **options):
        check_name(file)
        if file.exists() and not dry_run:
            raise CommandError(f"{file} exists already: choose a new name (a backup never overwrites one).")
        counts = {}
        outermost = connection.get_autocommit()
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                # One snapshot for every table: rows saved during the backup are either all in or all out.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            if dry_run:
                for model in saved_models():
                    counts[model._meta.label] = model._base_manager.count()
            else:
                partial = file.with_name(file.name + ".partial")
                with open_backup(partial, "w", compressed=file.suffix == ".gz") as out:
                    for model in saved_models():
                        counts[model._meta.label] = self._write(model, out, verbosity)
                partial.rename(file)  # Only a complete backup gets the name asked for.
        total = sum(counts.values())
        if verbosity >= 1:
            for label, count in counts.items():
                if count and verbosity >= 2:
                    self.stdout.write(f"  {label}: {count}")
            verb = "Would write" if dry_run else "Wrote"
            self.stdout.write(self.style.SUCCESS(f"{verb} {total} records of {len(counts)} models to {file}."))

    def _write(self, model, out, verbosity):
        rows = model._base_manager.order_by("pk")
        count = rows.count()
        if count:
            if verbosity >= 2:
                self.stdout.write(f"{model._meta.label}: {count}…")
            serializers.serialize(
                "jsonl",
                rows.iterator(chunk_size=2000),
                stream=out,
                use_natural_foreign_keys=_names_by_natural_key(model),
                cls=FullPrecisionEncoder,
            )
        return count
