"""`updated_at` is when the article's words last changed, not when its row was last written.

The seed article's row was written by the migration that created it, so it claimed to have
changed on the day the database was made. While its title, summary and text are still the
ones it was published with in 2010, its date of change is its publication date.
"""

import importlib

import django.utils.timezone
from django.db import migrations, models

seed = importlib.import_module("articles.migrations.0002_seed_article")


def date_unchanged_seed_article(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    article = Article.objects.filter(slug=seed.SLUG, body=seed.BODY, summary=seed.SUMMARY).first()
    if article is not None and article.title == "Hemifacial Spasm":
        Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_editors_group")]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="updated_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                editable=False,
                help_text=(
                    "When the title, summary or text last changed (dateModified, the sitemap's "
                    "lastmod): never by comments, videos or migrations."
                ),
                verbose_name="text last changed",
            ),
        ),
        migrations.RunPython(date_unchanged_seed_article, migrations.RunPython.noop),
    ]
