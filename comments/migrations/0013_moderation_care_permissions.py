"""Who may do what of the moderation care (issue 15): editors write the notes under comments
and the crisis help text; moderators read and dismiss readers' reports."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editors": [
        "view_commentnote",
        "change_commentnote",
        "view_crisishelp",
        "add_crisishelp",
        "change_crisishelp",
    ],
    "Moderators": ["view_commentreport", "delete_commentreport", "view_commentnote"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations run; make sure they exist now.
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="comments", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="comments", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0012_moderation_care"),
        ("articles", "0005_editors_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
