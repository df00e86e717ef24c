"""Each comment has its language, written as `lang` on its element. Comments already written
are of an unknown language (empty: read as their article's), but for the three seed comments
of 2010, which are English."""

from django.db import migrations, models

import articles.models

SEED_NAMES = ["Tracy Perkins", "Shirley", "dave"]


def seed_comments_are_english(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    Comment.objects.filter(
        article__slug="hemifacial-spasm",
        author_name__in=SEED_NAMES,
        status_reason="Published on the original site in 2010.",
    ).update(language="en")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_article_language"),
        ("comments", "0014_comment_pending_first_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="language",
            field=models.CharField(
                blank=True,
                help_text=(
                    "The language the comment is written in (a code such as en or es), as its "
                    "poster chose it; empty: not known, read as the article's."
                ),
                max_length=12,
                validators=[articles.models.validate_language_code],
                verbose_name="language",
            ),
        ),
        migrations.RunPython(seed_comments_are_english, migrations.RunPython.noop),
    ]
