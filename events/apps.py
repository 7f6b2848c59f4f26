from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events, agreements and vocabularies"

    def ready(self):
        from events import checks, search_index  # noqa: F401 - checks registers itself
        from lib import page_cache

        search_index.connect_signals()
        # Every edit makes the cached public pages stale (lib/page_cache.py).
        page_cache.connect_signals()
