"""Each article has its language, so that its element keeps `lang` right whatever the language
of the site around it. Articles already written get the site's language (LANGUAGE_CODE when
this runs); the seed article is English whatever the site's language."""

from django.db import migrations, models

import articles.models

SEED_SLUG = "hemifacial-spasm"


def seed_article_is_english(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(slug=SEED_SLUG).update(language="en")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_video_missing_note"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="language",
            field=models.CharField(
                default=articles.models.site_language,
                help_text=(
                    "The language the article is written in, as a code such as en, es, fr or "
                    "de: browsers and screen readers read it in that language, whatever the "
                    "language of the site around it."
                ),
                max_length=12,
                validators=[articles.models.validate_language_code],
                verbose_name="language",
            ),
        ),
        migrations.RunPython(seed_article_is_english, migrations.RunPython.noop),
    ]
