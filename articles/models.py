import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import connections, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .rendering import render_body
from .videos import validate_video_url, video_source


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles a reader may see: published, and not dated in the future."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def page_version_of(self, slug):
        """(id, page_version) of the article at `slug`, or None: what the copies of its page are
        kept under (articles/kept_pages.py), asked on every request for the page.

        Whether readers may see the article is not asked: a copy is only ever made of a page
        readers saw, and unpublishing the article is a write that replaces its version. One
        plain SQL statement: building it through the ORM took longer than all the rest of a
        kept page's own work (docs/performance.md)."""
        opts = self.model._meta
        quote = connections[self.db].ops.quote_name
        columns = [quote(opts.get_field(name).column) for name in ("id", "page_version", "slug")]
        sql = (
            f"SELECT {columns[0]}, {columns[1]} FROM {quote(opts.db_table)} WHERE {columns[2]} = %s"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [slug])
            return cursor.fetchone()

    def pages_changed(self, **fields):
        """Give these articles a new page version (and set `fields`): pages kept under the
        old one are never served again. Called by every write that changes what an article's
        page shows, inside that write's transaction."""
        return self.update(page_version=new_page_version(), **fields)


def new_page_version():
    """A fresh, random page version: writes never read the old one, so two writes at once
    cannot end on a version a kept page already has."""
    return secrets.token_hex(8)


# What readers read of an article: a change to any of them is a change of the article's text.
TEXT_FIELDS = ("title", "summary", "body")


# A language as HTML's lang attribute takes it (BCP 47): en, es, pt-br, zh-hans.
validate_language_code = RegexValidator(
    r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*\Z",
    _("Enter a language code such as en, es, fr, de or pt-br."),
)


def site_language():
    """A new article's language: the site's own (LANGUAGE_CODE) when the article is made."""
    return settings.LANGUAGE_CODE


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("The article's address.")
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences for the home page and search engines."),
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Markdown: paragraphs, ## headings, - lists, [links](https://…). "
            "A line [video: key] places the video with that key."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=12,
        default=site_language,
        validators=[validate_language_code],
        help_text=_(
            "The language the article is written in, as a code such as en, es, fr or de: "
            "browsers and screen readers read it in that language, whatever the language of "
            "the site around it."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("published at"),
        default=timezone.now,
        help_text=_("Readers see the article from this moment on."),
    )
    updated_at = models.DateTimeField(
        _("text last changed"),
        default=timezone.now,
        editable=False,
        help_text=_(
            "When the title, summary or text last changed (dateModified, the sitemap's "
            "lastmod): never by comments, videos or migrations."
        ),
    )
    reviewed_at = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_(
            "The day someone last checked the text against current medical knowledge. "
            "Shown as “Last reviewed”; leave empty until the article has been reviewed."
        ),
    )
    comments_enabled = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Untick to stop new comments on this article."),
    )
    comment_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_("The comments every reader sees under the article; kept by the comments app."),
    )
    page_version = models.CharField(
        max_length=16,
        default=new_page_version,
        editable=False,
        help_text=_(
            "Replaced by every write that changes the article's page, in that write's "
            "transaction: kept copies of the page and its ETag are keyed on it."
        ),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.page_version = new_page_version()
        changed = {"page_version"}
        if self._text_changed():
            self.updated_at = timezone.now()
            changed.add("updated_at")
        if (update_fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = {*update_fields, *changed}
        super().save(*args, **kwargs)

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

    def _text_changed(self):
        """Whether this save changes the words readers read: the title, summary or body as
        stored differ from the instance's (a new article's are its own, dated as given)."""
        if self._state.adding or self.pk is None:
            return False
        stored = type(self).objects.filter(pk=self.pk).values(*TEXT_FIELDS).first()
        return stored is not None and any(
            stored[name] != getattr(self, name) for name in TEXT_FIELDS
        )


class Video(models.Model):
    """A video placed in an article's body by a `[video: key]` line.

    Until an editor sets its address, readers see nothing in its place.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="videos", verbose_name=_("article")
    )
    key = models.SlugField(
        _("key"), max_length=50, help_text=_("Used in the body as [video: key].")
    )
    caption = models.CharField(_("caption"), max_length=200)
    url = models.URLField(
        _("address"),
        blank=True,
        validators=[validate_video_url],
        help_text=_(
            "A YouTube or Vimeo address. Readers see a poster; the no-cookie player loads only "
            "when they press play. Empty: nothing is shown."
        ),
    )

    missing_note = models.CharField(
        _("note while there is no address"),
        max_length=200,
        blank=True,
        help_text=_(
            "Shown in the video's place while it has no address, e.g. “The video that was here "
            "in 2010 is no longer available.” Empty: nothing is shown."
        ),
    )

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["article", "key"]
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="unique_video_key_per_article")
        ]

    def __str__(self):
        return self.caption

    # A video is part of its article's page.
    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            Article.objects.filter(pk=self.article_id).pages_changed()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            Article.objects.filter(pk=self.article_id).pages_changed()
        return deleted

    @cached_property
    def source(self):
        """The video's host and no-cookie player address; None without a usable address."""
        return video_source(self.url) if self.url else None
