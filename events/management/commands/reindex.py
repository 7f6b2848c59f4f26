from django.core.management.base import BaseCommand

from events.search_index import rebuild_index
from events.search_models import SearchEntry


class Command(BaseCommand):
    help = "Rebuild the search index from every event, agreement, person, place and topic."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the records that would be indexed; change nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        if dry_run:
            from events.search_index import MODELS

            for kind, model in MODELS.items():
                self.stdout.write(f"{model.objects.count()} {SearchEntry.Kind(kind).label.lower()} records to index")
            return

        def progress(kind, done, total):
            if verbosity >= 2:
                self.stdout.write(f"  {SearchEntry.Kind(kind).label}: {done}/{total}")

        counts = rebuild_index(progress=progress)
        summary = ", ".join(f"{count} {SearchEntry.Kind(kind).label.lower()}" for kind, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {summary}."))
