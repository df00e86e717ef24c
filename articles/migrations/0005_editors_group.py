"""The "Editors" group: the people who write the article and its videos. All four
permissions on articles and videos, nothing else: comments are the Moderators' (their group
belongs to the comments app, comments/migrations/0004_moderators_group.py).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
MODELS = ["article", "video"]
ACTIONS = ["view", "add", "change", "delete"]


def add_group(apps, schema_editor):
    # Permissions are normally created after all migrations run; make sure they exist now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(
        [
            Permission.objects.get(
                content_type__app_label="articles", codename=f"{action}_{model}"
            )
            for model in MODELS
            for action in ACTIONS
        ]
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_page_version_and_comment_count"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_group, remove_group)]
