"""The Editors edit who wrote and reviewed an article, its sources and its change log, and read
and close the readers' reports of errors (which readers make: editors never add them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
PERMISSIONS = {
    "person": ["view", "add", "change", "delete"],
    "source": ["view", "add", "change", "delete"],
    "articlechange": ["view", "add", "change", "delete"],
    "errorreport": ["view", "change", "delete"],
}


def codenames():
    return [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations run; make sure they exist now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames())
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="articles", codename__in=codenames()
            )
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_trust")]

    operations = [migrations.RunPython(grant, revoke)]
