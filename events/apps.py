from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events, agreements and vocabularies"

    def ready(self):
        from events import checks, search_index  # noqa: F401 - checks registers itself

        search_index.connect_signals()
