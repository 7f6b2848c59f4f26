"""Hidden columns (rendered HTML, folded name keys, sort names) come from a model's ``fill_derived()``.

``Model.save()`` calls it. ``loaddata`` saves with ``raw=True`` through ``save_base()`` and skips
both ``save()`` and the fields' ``pre_save`` (so ``auto_now`` timestamps stay empty too): this one
receiver covers that path, so a fixture holds only what a curator would type.
``bulk_create`` skips both as well: importers call ``fill_derived()`` themselves.
"""

from django.utils import timezone


def fill_on_raw_save(sender, instance, raw=False, **kwargs):
    if not raw:
        return
    if hasattr(instance, "fill_derived"):
        instance.fill_derived()
    now = timezone.now()
    for field in instance._meta.concrete_fields:
        if (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)) and getattr(
            instance, field.attname
        ) is None:
            setattr(instance, field.attname, now)
