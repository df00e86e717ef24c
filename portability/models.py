"""Where imported articles and comments came from: what makes a second import of the same
export change nothing, and what an old comment address (#comment-456) is looked up by."""

from django.db import models
from django.utils import timezone

from articles.models import Article
from comments.models import Comment


class SourceRecord(models.Model):
    source = models.CharField(
        max_length=255,
        help_text=(
            "The site the export came from, e.g. “wordpress https://blog.example.com” or "
            "“disqus forum-name”."
        ),
    )
    source_id = models.CharField(
        "id at the source", max_length=100, help_text="The item's id in that export."
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class ImportedArticle(SourceRecord):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint("source", "source_id", name="imported_article_once"),
        ]

    def __str__(self):
        return f"{self.source} #{self.source_id} → {self.article}"


class ImportedComment(SourceRecord):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint("source", "source_id", name="imported_comment_once"),
        ]
        # An old comment address (#comment-456) names the id alone (portability/views.py).
        indexes = [models.Index(fields=["source_id"], name="imported_comment_old_id_idx")]

    def __str__(self):
        return f"{self.source} #{self.source_id} → comment {self.comment_id}"
