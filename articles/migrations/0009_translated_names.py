"""The names the admin shows for articles, videos and their fields, given in the models so that
they can be translated: the same English words Django made from the field names before. Nothing
changes in the database."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_article_language"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={
                "ordering": ["-published_at"],
                "verbose_name": "article",
                "verbose_name_plural": "articles",
            },
        ),
        migrations.AlterModelOptions(
            name="video",
            options={
                "ordering": ["article", "key"],
                "verbose_name": "video",
                "verbose_name_plural": "videos",
            },
        ),
        migrations.AlterField(
            model_name="article",
            name="body",
            field=models.TextField(
                help_text="Markdown: paragraphs, ## headings, - lists, [links](https://…). A line [video: key] places the video with that key.",
                verbose_name="body",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="published_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                help_text="Readers see the article from this moment on.",
                verbose_name="published at",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="slug",
            field=models.SlugField(
                help_text="The article's address.", max_length=200, unique=True, verbose_name="slug"
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("published", "Published")],
                db_index=True,
                default="draft",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="summary",
            field=models.TextField(
                blank=True,
                help_text="One or two sentences for the home page and search engines.",
                verbose_name="summary",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="title",
            field=models.CharField(max_length=200, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="video",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="videos",
                to="articles.article",
                verbose_name="article",
            ),
        ),
        migrations.AlterField(
            model_name="video",
            name="caption",
            field=models.CharField(max_length=200, verbose_name="caption"),
        ),
        migrations.AlterField(
            model_name="video",
            name="key",
            field=models.SlugField(
                help_text="Used in the body as [video: key].", verbose_name="key"
            ),
        ),
    ]
