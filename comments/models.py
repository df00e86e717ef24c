from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.models import Article


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """Comments every reader sees."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        """Comments waiting for a moderator."""
        return self.filter(status=Comment.Status.PENDING)

    def visible_to(self, *, posted_ids=()):
        """Approved comments, plus the poster's own that still wait (ids kept in their session).

        A poster's comment held as spam is shown to them as waiting too, so a bot learns
        nothing from the answer.
        """
        own_waiting = models.Q(
            pk__in=list(posted_ids), status__in=[Comment.Status.PENDING, Comment.Status.SPAM]
        )
        return self.filter(models.Q(status=Comment.Status.APPROVED) | own_waiting)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        help_text="The comment this one answers, if any.",
    )
    author_name = models.CharField("name", max_length=80)
    author_email = models.EmailField("email", blank=True, help_text="Never shown to readers.")
    author_url = models.URLField(
        "website",
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Only http and https addresses; linked with rel=nofollow.",
    )
    body = models.TextField("comment", help_text="Plain text; shown escaped, links made clickable.")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        help_text="Only approved comments are shown to readers.",
    )
    status_reason = models.CharField(
        "reason", max_length=200, blank=True, help_text="Why the comment has its status."
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["author_email"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "spam", "removed"]),
                name="comment_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.author_name} on {self.article}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    def get_admin_url(self):
        return reverse("admin:comments_comment_change", args=[self.pk])

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED
