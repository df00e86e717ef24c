"""Each row of the PostgreSQL search index read in its own language (search/index.py): the
stored vector made again with the configuration of the row's language, a comment of unknown
language in the site's (LANGUAGE_CODE as this runs). SQLite's index stays as it is."""

from django.conf import settings
from django.db import migrations

from search.index import index_by_language, index_in_english


def by_language(apps, schema_editor):
    index_by_language(schema_editor.connection, settings.LANGUAGE_CODE)


def in_english(apps, schema_editor):
    index_in_english(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_article_language"),
        ("comments", "0015_comment_language"),
        ("search", "0001_search_index"),
    ]

    operations = [migrations.RunPython(by_language, in_english)]
