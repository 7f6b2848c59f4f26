"""Find a record by the slug in its address, including slugs it used to have.

A URL once published keeps working: when a curator renames a record, its history table
(django-simple-history) still holds the old slug, so the old address can redirect to the new one.
"""

from django.http import Http404

from lib.baked import SLUG_MARKER, Baked


def get_by_slug_or_history(queryset, slug, by_slug=None):
    """The record of ``queryset`` whose slug is, or most recently was, ``slug``; else Http404.

    The caller compares the result's ``slug`` with the one asked for and redirects (301) when they
    differ. ``queryset`` carries the visibility rule, so an old slug never reveals a draft.
    ``by_slug``, if given, is the same query compiled once (``baked_by_slug()``).
    """
    record = next(iter(by_slug(slug) if by_slug else _by_slug(queryset, slug)), None)
    if record is not None:
        return record
    history = getattr(queryset.model, "history", None)
    if history is not None:
        # The latest history row that had this slug names the record that last used it.
        old_id = history.filter(slug=slug).order_by("-history_date", "-history_id").values_list("id", flat=True).first()
        if old_id is not None:
            record = queryset.filter(pk=old_id).first()
            if record is not None:
                return record
    raise Http404(f"No {queryset.model._meta.verbose_name} is found at this address.")


def baked_by_slug(public):
    """The first lookup of get_by_slug_or_history() on the queryset ``public()`` gives, compiled once
    (lib.baked): for visitors, who see public records only. A record page's own query (for_detail()'s
    EXISTS) took the ORM longer to build and compile than the database to run."""
    return Baked(lambda slug: _by_slug(public(), slug), marker=SLUG_MARKER)


def _by_slug(queryset, slug):
    # Slugs are unique: no ORDER BY, which the ORM takes longer to build than the database to run.
    return queryset.filter(slug=slug).order_by()[:1]
