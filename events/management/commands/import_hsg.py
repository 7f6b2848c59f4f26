import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from events.hsg import milestones, pocom, taxonomy, travels, visits
from events.hsg.base import Context, Report, Source, SourceError, importer_user, unrecorded_queries
from events.hsg.missing import report_missing
from events.models import ImportRun
from events.search_index import paused, rebuild_index
from lib.page_cache import bump_content_version

# In the order they run: each uses what the ones before it made (see events/hsg/__init__.py).
DATASETS = {
    "tags": taxonomy.run,
    "pocom": pocom.run,
    "travels": travels.run,
    "visits": visits.run,
    "milestones": milestones.run,
}
PROBLEMS_SHOWN = 30


class _DryRun(Exception):
    """Raised at the end of a dry run to roll everything back."""


class Command(BaseCommand):
    help = (
        "Import the Office of the Historian's open data (a folder with milestones/, pocom/, tags/, travels/, "
        "visits/): eras and essays, people and their posts, places and topics, trips and visits. Safe to run "
        "again: unchanged records are left alone, and records curators have edited are skipped unless --overwrite."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The data folder, e.g. ../shared/hsg.")
        parser.add_argument(
            "--only",
            nargs="+",
            choices=list(DATASETS),
            metavar="DATASET",
            help=f"Import only these datasets ({', '.join(DATASETS)}); they still run in that order.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; save nothing.")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also update records that curators have edited since the last import.",
        )

    def handle(self, path, only=None, dry_run=False, overwrite=False, verbosity=1, **options):
        source = Source(path)
        if not source.root.is_dir():
            raise CommandError(f"{path} is not a folder.")
        names = [name for name in DATASETS if not only or name in only]
        report = Report()
        run = ImportRun(source=str(path), datasets=", ".join(names), overwrite=overwrite, started_at=timezone.now())
        started = time.monotonic()
        show_progress = verbosity > 0 and sys.stderr.isatty()
        try:
            with unrecorded_queries(), transaction.atomic():
                # Bulk writes send no signals, but the import's few one-by-one deletions (a section an
                # essay no longer has) would each queue a reindex: the index is rebuilt once instead.
                with paused():
                    context = Context(
                        source, report, importer_user(), overwrite, self._progress if show_progress else None
                    )
                    for name in names:
                        if verbosity >= 2:
                            self.stdout.write(f"Importing {name}…")
                        DATASETS[name](context)
                    report_missing(context, names)
                if dry_run:
                    raise _DryRun
                if report.changed:
                    rebuild_index()  # In the transaction: the index never disagrees with the records.
        except _DryRun:
            run.outcome = ImportRun.Outcome.DRY_RUN
        except SourceError as error:
            run.outcome, run.error = ImportRun.Outcome.FAILED, str(error)
            self._save(run, report)
            raise CommandError(f"Import stopped, nothing was saved: {error}") from error
        else:
            run.outcome = ImportRun.Outcome.DONE
            if report.changed:
                _after_commit()
        self._save(run, report)
        self._summary(report, dry_run, time.monotonic() - started, verbosity)

    def _progress(self, items, description, total):
        from tqdm import tqdm

        return tqdm(items, desc=description, total=total, unit="file", file=sys.stderr, leave=False)

    def _save(self, run, report):
        run.finished_at = timezone.now()
        run.counts, run.problems, run.skipped = report.as_dict(), report.stored_problems(), report.skipped
        run.save()

    def _records(self, items, verbosity):
        """One line per record ({"model", "record", "key"}): the first PROBLEMS_SHOWN unless -v 2."""
        shown = items if verbosity >= 2 else items[:PROBLEMS_SHOWN]
        for item in shown:
            self.stdout.write(f"  {item['model']}: {item['record']} [{item['key']}]")
        if len(shown) < len(items):
            self.stdout.write(f"  …and {len(items) - len(shown)} more: run with -v 2, or see Import runs in the admin.")

    def _summary(self, report, dry_run, seconds, verbosity):
        if verbosity == 0:
            return
        counts = report.as_dict()
        width = max([len(label) for label in counts] + [6])
        header = f"{'':{width}}  {'created':>8} {'updated':>8} {'unchanged':>9} {'skipped':>8} {'missing':>8}"
        self.stdout.write(("Dry run: nothing was saved. " if dry_run else "") + f"Finished in {seconds:.1f} s.")
        self.stdout.write(header)
        for label, numbers in counts.items():
            self.stdout.write(
                f"{label:{width}}  {numbers['created']:>8} {numbers['updated']:>8} "
                f"{numbers['unchanged']:>9} {numbers['skipped']:>8} {numbers['missing']:>8}"
            )
        if not report.changed:
            self.stdout.write(self.style.SUCCESS("Nothing changed: the database already matches the data."))
        elif dry_run:
            self.stdout.write(self.style.WARNING("These changes would be made."))
        else:
            self.stdout.write(self.style.SUCCESS("Import done. Search index rebuilt."))
        if report.missing:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.missing)} record(s) made by an earlier import are no longer in the source. They "
                    "were left as they are: retire, unpublish or delete them in the admin if they should go."
                )
            )
            self._records(report.missing, verbosity)
        if report.skipped:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.skipped)} record(s) made or edited by curators since the last import were left "
                    "as they are (use --overwrite to replace them):"
                )
            )
            self._records(report.skipped, verbosity)
        if report.problems:
            self.stdout.write(self.style.WARNING(f"{len(report.problems)} problem(s) in the data (not fatal):"))
            shown = report.problems if verbosity >= 2 else report.problems[:PROBLEMS_SHOWN]
            for problem in shown:
                where = problem["file"] + (f", line {problem['line']}" if problem["line"] else "")
                record = f" [{problem['record']}]" if problem["record"] else ""
                self.stdout.write(f"  {where}{record}: {problem['message']}")
            if len(shown) < len(report.problems):
                self.stdout.write(
                    f"  …and {len(report.problems) - len(shown)} more: run with -v 2, or see Import runs in the admin."
                )


def _after_commit():
    """Make the committed import visible at once, and let the query planner know the new row counts.

    Bulk writes send no signals, so lib/page_cache.py's receivers never hear of the import: without
    the bump, cached pages would show the old data until the cache's timeout. A first import
    multiplies the row counts; without ANALYZE the planner keeps planning the pages' queries for
    near-empty tables, until autovacuum gets to them (PostgreSQL) or forever (SQLite keeps no
    statistics unless asked).
    """
    bump_content_version()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # Every table: the search index's were rewritten too.
