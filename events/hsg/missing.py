"""Records an earlier import made that the source no longer has: listed at the end of a run, never deleted.

A record can leave the Office's data because it was withdrawn, merged into another or given a new
id. Here it may since have been linked from curators' own records, cited or edited, so deleting or
unpublishing it silently would lose work. The import lists it instead, in the summary and in the
run's report (admin, Import runs), and leaves it as it is: a curator decides whether to retire,
unpublish or delete it. It is listed again by every run until they do.

Only records an import made are considered (they have an ``import_hash``); records made by hand
are never listed. A kind of record is checked only when every dataset that makes it has run: after
``--only pocom`` nothing says whether a country the taxonomy made is still in the taxonomy.
"""

from dataclasses import dataclass, field

from events.models import Era, Event, Place, Topic
from people.models import Person, Position


@dataclass(frozen=True)
class Check:
    label: str  # as the summary names the records (the Spec's label)
    model: type
    key: str  # the field holding the source key
    name: str  # the field the report names a record by
    datasets: frozenset  # every dataset that makes such records
    folder: str  # where in the source they came from, for the report
    filters: dict = field(default_factory=dict)


CHECKS = (
    Check("Places", Place, "source_key", "name", frozenset({"tags", "pocom", "travels", "visits"}), "tags/taxonomy"),
    Check("Topics", Topic, "source_key", "name", frozenset({"tags"}), "tags/taxonomy"),
    Check("People", Person, "hsg_id", "display_name", frozenset({"pocom", "travels"}), "pocom/people"),
    Check("Posts", Position, "source_key", "title", frozenset({"pocom", "travels"}), "pocom"),
    Check("Trips", Event, "source_key", "title", frozenset({"travels"}), "travels", {"kind": Event.Kind.TRIP}),
    Check("Visits", Event, "source_key", "title", frozenset({"visits"}), "visits/data", {"kind": Event.Kind.VISIT}),
    Check("Eras", Era, "source_key", "title", frozenset({"milestones"}), "milestones/chapters"),
    Check(
        "Essays",
        Event,
        "source_key",
        "title",
        frozenset({"milestones"}),
        "milestones/chapters",
        {"kind": Event.Kind.ESSAY},
    ),
)


def report_missing(context, datasets):
    """Add to the report every imported record of the checked kinds whose key this run did not see."""
    for check in CHECKS:
        if not check.datasets <= set(datasets):
            continue
        seen = context.seen[check.model]
        imported = (
            check.model._default_manager.filter(**check.filters)
            .exclude(import_hash="")
            .exclude(**{check.key: ""})
            .order_by(check.key)
            .values_list(check.key, check.name)
        )
        # Keys and names only: a few hundred kilobytes for the largest table (posts), and usually nothing is missing.
        for key, name in imported.iterator():
            if key not in seen:
                context.report.gone(check.label, key, name, check.folder)
