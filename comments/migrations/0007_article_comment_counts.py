"""Fill in each article's count of the comments every reader sees (articles 0004 adds it;
from now on every write of comments keeps it: comments/models.py)."""

from django.db import migrations

MAX_DEPTH = 3  # comments.models.MAX_DEPTH when this migration was written


def count_comments(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Comment = apps.get_model("comments", "Comment")
    rows = Comment.objects.values_list("pk", "parent_id", "status", "article_id")
    by_id = {pk: (parent, status, article) for pk, parent, status, article in rows}
    counts = {}
    for parent, status, article in by_id.values():
        shown = status == "approved"
        for _ in range(MAX_DEPTH - 1):
            if not shown or parent is None:
                break
            parent, status, _article = by_id[parent]
            shown = status == "approved"
        if shown:
            counts[article] = counts.get(article, 0) + 1
    for article in Article.objects.all():
        article.comment_count = counts.get(article.pk, 0)
        article.save(update_fields=["comment_count"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_page_version_and_comment_count"),
        ("comments", "0006_comment_indexes"),
    ]

    operations = [migrations.RunPython(count_comments, migrations.RunPython.noop)]
