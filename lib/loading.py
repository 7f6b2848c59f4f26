"""Model instances made from database rows with less work than Model.__init__ does.

A list page turns 50 to 100 rows into events (or people, or agreements). Django makes each one
through ``Model.__init__``, which sends two signals and walks every field of the model to set
those loaded and skip those deferred: 5.8 µs for an event's row of ten columns, half a
millisecond on a timeline page. ``from_db()`` is the hook Django documents for customizing how
rows become instances ("Customizing model loading"); this one puts the row's values into the
instance's ``__dict__``, which is what ``__init__`` ends with for a row (1 µs).
"""

from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


class QuickLoad:
    """A mixin for models whose rows are loaded by the hundred (see the module's docstring).

    It falls back on Django's own way when something listens to the model's ``pre_init`` or
    ``post_init`` signals (an ImageField's dimensions, for one), which this way would not send.
    """

    @classmethod
    def from_db(cls, db, field_names, values):
        # Most often no model has a listener at all: one look at each list instead of two per row.
        if pre_init.receivers or post_init.receivers:
            if pre_init.has_listeners(cls) or post_init.has_listeners(cls):
                return super().from_db(db, field_names, values)
        instance = cls.__new__(cls)
        # Field values by attname, as __init__ sets them for a row: deferred fields are left out,
        # and their descriptors load them on first use.
        instance.__dict__.update(zip(field_names, values, strict=True))
        state = instance._state = ModelState()
        state.adding = False
        state.db = db
        return instance
