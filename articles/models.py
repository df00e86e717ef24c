from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from .rendering import render_body
from .videos import validate_video_url, video_source


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles a reader may see: published, and not dated in the future."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def with_comment_count(self):
        """Annotate `comment_count`: how many comments every reader sees under each article.

        Which comments readers see is the comments app's rule (its `approved()`). That app
        depends on this one, so the rule is reached through the reverse `comments` relation
        rather than an import. One correlated subquery: the count costs no extra query.
        """
        comments = self.model._meta.get_field("comments").related_model.objects
        counts = (
            comments.approved()
            .filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(comment_count=Coalesce(Subquery(counts), 0))


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="The article's address.")
    summary = models.TextField(
        blank=True, help_text="One or two sentences for the home page and search engines."
    )
    body = models.TextField(
        help_text=(
            "Markdown: paragraphs, ## headings, - lists, [links](https://…). "
            "A line [video: key] places the video with that key."
        )
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        default=timezone.now, help_text="Readers see the article from this moment on."
    )
    updated_at = models.DateTimeField(auto_now=True)
    reviewed_at = models.DateField(
        "last reviewed",
        null=True,
        blank=True,
        help_text=(
            "The day someone last checked the text against current medical knowledge. "
            "Shown as “Last reviewed”; leave empty until the article has been reviewed."
        ),
    )
    comments_enabled = models.BooleanField(
        "comments open", default=True, help_text="Untick to stop new comments on this article."
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def accepts_comments(self):
        return self.is_published and self.comments_enabled

    def body_parts(self):
        """The body as HTML pieces and the Video objects placed between them."""
        return render_body(self.body, {video.key: video for video in self.videos.all()})


class Video(models.Model):
    """A video placed in an article's body by a `[video: key]` line.

    Until an editor sets its address, readers see nothing in its place.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="videos")
    key = models.SlugField(max_length=50, help_text="Used in the body as [video: key].")
    caption = models.CharField(max_length=200)
    url = models.URLField(
        "address",
        blank=True,
        validators=[validate_video_url],
        help_text=(
            "A YouTube or Vimeo address. Readers see a poster; the no-cookie player loads only "
            "when they press play. Empty: nothing is shown."
        ),
    )

    class Meta:
        ordering = ["article", "key"]
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="unique_video_key_per_article")
        ]

    def __str__(self):
        return self.caption

    @cached_property
    def source(self):
        """The video's host and no-cookie player address; None without a usable address."""
        return video_source(self.url) if self.url else None
