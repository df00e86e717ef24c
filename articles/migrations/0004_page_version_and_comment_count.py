import articles.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_reviewed_at_and_video_address"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="comment_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="The comments every reader sees under the article; kept by the comments app.",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="page_version",
            field=models.CharField(
                default=articles.models.new_page_version,
                editable=False,
                help_text=(
                    "Replaced by every write that changes the article's page, in that write's "
                    "transaction: kept copies of the page and its ETag are keyed on it."
                ),
                max_length=16,
            ),
        ),
    ]
