"""The search index during an import: nothing is queued while the import writes; it is rebuilt once at the end.

Bulk writes send no signals, but the import's few one-by-one deletions (a section an essay no
longer has) would each queue a reindex; ``events.search_index.paused()`` makes its receivers queue
nothing for the duration, and the import then calls the ``reindex`` command once.
"""

from contextlib import nullcontext

from django.core.management import call_command, get_commands


def search_index_paused():
    try:
        from events.search_index import paused
    except ImportError:  # A project without the search app (or an older one): nothing to pause.
        return nullcontext()
    return paused()


def rebuild_search_index(stdout=None):
    """Run ``manage.py reindex`` when the project has it; returns whether it ran."""
    if "reindex" not in get_commands():
        return False
    call_command("reindex", verbosity=0, stdout=stdout)
    return True
