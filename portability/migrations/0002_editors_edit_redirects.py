"""Editors keep the old addresses' redirects (django.contrib.redirects) in the admin: they
write the articles whose addresses those are, and fix a redirect that leads to the wrong one."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
CODENAMES = ["view_redirect", "add_redirect", "change_redirect", "delete_redirect"]


def redirect_permissions(apps):
    # Permissions are normally created after all migrations run; make sure they exist now.
    app_config = apps.get_app_config("redirects")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="redirects", codename__in=CODENAMES
    )


def grant(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*redirect_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*redirect_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("portability", "0001_source_records"),
        ("articles", "0005_editors_group"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
