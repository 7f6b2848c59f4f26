from django.apps import AppConfig
from django.db.models.signals import pre_save


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self):
        from lib.derived import fill_on_raw_save

        # One receiver for every model (events' too): see lib/derived.py.
        pre_save.connect(fill_on_raw_save, dispatch_uid="lib.derived.fill_on_raw_save")
