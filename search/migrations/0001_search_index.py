"""The search index of articles and comments (search/index.py): FTS5 tables kept by triggers on
SQLite, stored tsvector columns with GIN indexes on PostgreSQL. Built from the rows already
there."""

from django.db import migrations

from search.index import create_indexes, drop_indexes


def create(apps, schema_editor):
    create_indexes(schema_editor.connection)


def drop(apps, schema_editor):
    drop_indexes(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_video_missing_note"),
        ("comments", "0013_moderation_care_permissions"),
    ]

    operations = [migrations.RunPython(create, drop)]
