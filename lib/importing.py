"""What imported records share: a fingerprint of the values the import wrote, and when.

An import stores on each record the hash of the values it wrote (``import_hash``). On the next run
it hashes the record's *current* values the same way: when they no longer match ``import_hash``
a curator has edited the record since, and the import leaves it alone (unless told to overwrite).
A record that was never imported has no hash and counts as a curator's record.
"""

import datetime
import hashlib
import json

from django.db import models

from lib.loading import QuickLoad

# Bookkeeping, not content: kept out of history so diffs show what changed in the record itself.
IMPORT_FIELDS = ["import_hash", "imported_at"]


class ImportTracked(QuickLoad, models.Model):
    import_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Fingerprint of the values the last import wrote; empty for records made by hand.",
    )
    imported_at = models.DateTimeField(null=True, blank=True, editable=False, help_text="When it was last imported.")

    class Meta:
        abstract = True

    @property
    def is_imported(self):
        return bool(self.import_hash)


def _plain(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def fingerprint(values):
    """A stable SHA-256 of a JSON-able structure (dicts are key-sorted, dates as ISO strings)."""
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()
