"""Find a record by the slug in its address, including slugs it used to have.

A URL once published keeps working: when a curator renames a record, its history table
(django-simple-history) still holds the old slug, so the old address can redirect to the new one.
"""

from django.http import Http404


def get_by_slug_or_history(queryset, slug, by_slug=None):
    """The record of ``queryset`` whose slug is, or most recently was, ``slug``; else Http404.

    The caller compares the result's ``slug`` with the one asked for and redirects (301) when they
    differ. ``queryset`` carries the visibility rule, so an old slug never reveals a draft.
    ``by_slug``, if given, is the same query by slug compiled once (lib.baked): ``by_slug(slug)``
    gives a list of the record or nothing.
    """
    # Slugs are unique: no ORDER BY, which the ORM takes longer to build than the database to run.
    rows = by_slug(slug) if by_slug else queryset.filter(slug=slug).order_by()[:1]
    record = next(iter(rows), None)
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
