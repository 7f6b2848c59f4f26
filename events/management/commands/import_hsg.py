import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from events.hsg import milestones, pocom, taxonomy, travels, visits
from events.hsg.base import Context, Report, Source, SourceError, importer_user
from events.hsg.indexing import rebuild_search_index, search_index_paused
from events.models import ImportRun

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
            with transaction.atomic():
                with search_index_paused():
                    context = Context(
                        source, report, importer_user(), overwrite, self._progress if show_progress else None
                    )
                    for name in names:
                        if verbosity >= 2:
                            self.stdout.write(f"Importing {name}…")
                        DATASETS[name](context)
                indexed = False
                if not dry_run and report.changed:
                    indexed = rebuild_search_index()
                if dry_run:
                    raise _DryRun
        except _DryRun:
            run.outcome = ImportRun.Outcome.DRY_RUN
        except SourceError as error:
            run.outcome, run.error = ImportRun.Outcome.FAILED, str(error)
            self._save(run, report)
            raise CommandError(f"Import stopped, nothing was saved: {error}") from error
        else:
            run.outcome = ImportRun.Outcome.DONE
        self._save(run, report)
        self._summary(report, run, dry_run, time.monotonic() - started, verbosity, indexed if not dry_run else False)

    def _progress(self, items, description, total):
        from tqdm import tqdm

        return tqdm(items, desc=description, total=total, unit="file", file=sys.stderr, leave=False)

    def _save(self, run, report):
        run.finished_at = timezone.now()
        run.counts, run.problems, run.skipped = report.as_dict(), report.problems, report.skipped
        run.save()

    def _summary(self, report, run, dry_run, seconds, verbosity, indexed):
        if verbosity == 0:
            return
        counts = report.as_dict()
        width = max([len(label) for label in counts] + [6])
        header = f"{'':{width}}  {'created':>8} {'updated':>8} {'unchanged':>9} {'skipped':>8}"
        self.stdout.write(("Dry run: nothing was saved. " if dry_run else "") + f"Finished in {seconds:.1f} s.")
        self.stdout.write(header)
        for label, numbers in counts.items():
            self.stdout.write(
                f"{label:{width}}  {numbers['created']:>8} {numbers['updated']:>8} "
                f"{numbers['unchanged']:>9} {numbers['skipped']:>8}"
            )
        if not report.changed:
            self.stdout.write(self.style.SUCCESS("Nothing changed: the database already matches the data."))
        elif dry_run:
            self.stdout.write(self.style.WARNING("These changes would be made."))
        else:
            self.stdout.write(self.style.SUCCESS("Import done." + (" Search index rebuilt." if indexed else "")))
        if report.skipped:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.skipped)} record(s) made or edited by curators since the last import were left "
                    "as they are (use --overwrite to replace them):"
                )
            )
            for item in report.skipped[: PROBLEMS_SHOWN if verbosity < 2 else None]:
                self.stdout.write(f"  {item['model']}: {item['record']} [{item['key']}]")
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
