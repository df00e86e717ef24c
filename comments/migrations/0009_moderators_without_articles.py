"""Moderators handle comments and blocked terms, not the article: they keep only
`articles.view_article`, so an article's admin page still shows them its comments (read-only).
Editing articles and videos is the Editors group's (articles/migrations/0005_editors_group.py).
"""

from django.db import migrations

GROUP = "Moderators"
ARTICLE_MODELS = ["article", "video"]
KEPT = "view_article"


def remove_article_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    group.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="articles", content_type__model__in=ARTICLE_MODELS
        ).exclude(codename=KEPT)
    )


def give_back_change_article(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="articles", codename="change_article")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0008_comment_not_its_own_parent"),
    ]

    operations = [migrations.RunPython(remove_article_permissions, give_back_change_article)]
