"""Create the curator groups: Viewers (read only), Editors (write, cannot publish), Publishers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED = {
    "people": ["person", "personname", "position"],
    "events": [
        "place", "placename", "topic", "source", "era", "event", "eventsection", "eventfigure",
        "eventperson", "eventrelation", "eventsource", "agreement", "signatory", "agreementsource",
        "personsource",
    ],
}
PUBLISH = [("people", "publish_person"), ("events", "publish_event"), ("events", "publish_agreement")]


def _permissions(apps, actions):
    Permission = apps.get_model("auth", "Permission")
    wanted = [
        (app_label, f"{action}_{model}")
        for app_label, models in CURATED.items()
        for model in models
        for action in actions
    ]
    found = []
    for app_label, codename in wanted:
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    viewers, _ = Group.objects.get_or_create(name="Viewers")
    viewers.permissions.set(_permissions(apps, ["view"]))
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(_permissions(apps, ["view", "add", "change", "delete"]))
    publishers, _ = Group.objects.get_or_create(name="Publishers")
    publish = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in PUBLISH
    ]
    publishers.permissions.set(_permissions(apps, ["view", "add", "change", "delete"]) + publish)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Viewers", "Editors", "Publishers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
