"""The log of data imports: what each run created, updated, left alone and found wrong.

Written by ``manage.py import_hsg`` after every run (dry runs and failed runs included, so a
curator can see why an import stopped); read-only in the admin. Kept apart from
``events/models.py``, which imports this module so that Django registers the model.
"""

from django.db import models


class ImportRun(models.Model):
    class Outcome(models.TextChoices):
        DONE = "done", "Imported"
        DRY_RUN = "dry_run", "Dry run (nothing saved)"
        FAILED = "failed", "Failed (nothing saved)"

    source = models.CharField(max_length=500, help_text="The folder the data was read from.")
    datasets = models.CharField(max_length=200, help_text="The datasets imported, in order.")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    overwrite = models.BooleanField(default=False, help_text="Whether records edited by curators were overwritten.")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    # {"Event": {"created": 3, "updated": 1, "unchanged": 140, "skipped": 2}, ...}
    counts = models.JSONField(default=dict, blank=True)
    # [{"file": …, "line": …, "record": …, "message": …}, ...]: data problems that did not stop the run.
    problems = models.JSONField(default=list, blank=True)
    # [{"model": …, "key": …, "record": …}, ...]: records a curator edited since the last import, left as they are.
    skipped = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True, help_text="Why a failed run stopped.")

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self):
        outcome = self.get_outcome_display().lower()
        return f"{self.datasets} from {self.source} ({outcome}, {self.started_at:%Y-%m-%d %H:%M})"

    def total(self, action):
        """How many records the run counted under ``action`` ("created", "updated", …) across models."""
        return sum(numbers.get(action, 0) for numbers in self.counts.values())
