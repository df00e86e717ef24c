import secrets
from calendar import monthrange
from datetime import datetime, time

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import connections, models, transaction
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
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

    def review_due(self):
        """Articles whose text was never reviewed, or not within ARTICLE_REVIEW_EVERY_MONTHS."""
        return self.filter(
            models.Q(reviewed_at__isnull=True) | models.Q(reviewed_at__lt=review_due_before())
        )

    def pages_changed(self, **fields):
        """Give these articles a new page version (and set `fields`): pages kept under the
        old one are never served again. Called by every write that changes what an article's
        page shows, inside that write's transaction."""
        return self.update(page_version=new_page_version(), **fields)


def review_due_before():
    """The first day a review still counts: ARTICLE_REVIEW_EVERY_MONTHS months before today
    (the month's last day when it is shorter). A text reviewed before it is due a review."""
    today = timezone.localdate()
    year, month = divmod(
        today.year * 12 + today.month - 1 - settings.ARTICLE_REVIEW_EVERY_MONTHS, 12
    )
    month += 1
    return today.replace(year=year, month=month, day=min(today.day, monthrange(year, month)[1]))


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


class Person(models.Model):
    """Someone who writes or medically reviews articles, as readers see them named."""

    name = models.CharField(_("name"), max_length=120)
    credentials = models.CharField(
        _("credentials"),
        max_length=120,
        blank=True,
        help_text=_("As readers should see them, e.g. “MD, neurologist”."),
    )
    bio = models.TextField(
        _("short bio"), blank=True, help_text=_("One or two sentences; plain text.")
    )
    url = models.URLField(
        _("link"),
        blank=True,
        help_text=_("Optional: a page about them (their practice, a professional profile)."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    # A person is named on the pages of the articles they wrote or reviewed.
    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.articles().pages_changed()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            articles = list(self.articles().values_list("pk", flat=True))
            deleted = super().delete(*args, **kwargs)
            Article.objects.filter(pk__in=articles).pages_changed()
        return deleted

    def articles(self):
        """The articles whose pages name this person."""
        if self.pk is None:
            return Article.objects.none()
        return Article.objects.filter(models.Q(authors=self) | models.Q(reviewer=self)).distinct()


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
    authors = models.ManyToManyField(
        Person,
        blank=True,
        related_name="articles_written",
        verbose_name=_("written by"),
        help_text=_("Leave empty when the author is not known: the page then names no one."),
    )
    reviewer = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles_reviewed",
        verbose_name=_("medically reviewed by"),
        help_text=_("The clinician who checked the text on the “last reviewed” day."),
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
    def review_is_due(self):
        """Never reviewed, or not within ARTICLE_REVIEW_EVERY_MONTHS: the rule of
        ArticleQuerySet.review_due(), for one article in hand."""
        return self.reviewed_at is None or self.reviewed_at < review_due_before()

    @property
    def accepts_comments(self):
        return self.is_published and self.comments_enabled

    def body_parts(self):
        """The body as HTML pieces and the Video objects placed between them."""
        return render_body(self.body, {video.key: video for video in self.videos.all()})

    @property
    def modified_at(self):
        """When the article last changed for its readers, as search engines and feed readers
        are told (dateModified, the sitemap's lastmod, the feed's updated date): its text
        (updated_at) or, when later, the day of its change log's last entry (from midnight
        there). Comments, videos and migrations never move it. Reads `self.changes.all()`:
        prefetch "changes" when listing articles."""
        logged = [change.changed_on for change in self.changes.all()]
        if not logged:
            return self.updated_at
        return max(self.updated_at, timezone.make_aware(datetime.combine(max(logged), time.min)))

    def _text_changed(self):
        """Whether this save changes the words readers read: the title, summary or body as
        stored differ from the instance's (a new article's are its own, dated as given)."""
        if self._state.adding or self.pk is None:
            return False
        stored = type(self).objects.filter(pk=self.pk).values(*TEXT_FIELDS).first()
        return stored is not None and any(
            stored[name] != getattr(self, name) for name in TEXT_FIELDS
        )


class PartOfPage(models.Model):
    """A row shown on its article's page: writing or deleting it changes that page."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            Article.objects.filter(pk=self.article_id).pages_changed()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            Article.objects.filter(pk=self.article_id).pages_changed()
        return deleted


class Video(PartOfPage):
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

    @cached_property
    def source(self):
        """The video's host and no-cookie player address; None without a usable address."""
        return video_source(self.url) if self.url else None


@receiver(m2m_changed, sender=Article.authors.through, dispatch_uid="articles.authors_changed")
def authors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Naming or unnaming an author, from either side, changes the pages of the articles."""
    if action in ("post_add", "post_remove"):
        articles = pk_set if reverse else {instance.pk}
    elif action == "pre_clear":
        articles = (
            set(instance.articles_written.values_list("pk", flat=True))
            if reverse
            else {instance.pk}
        )
    else:
        return
    Article.objects.filter(pk__in=articles).pages_changed()


class Source(PartOfPage):
    """A reference the article rests on, listed under it as “Sources”, numbered in order; the
    text cites it as [1]."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="sources", verbose_name=_("article")
    )
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Sources are numbered in this order.")
    )
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(
        _("publisher"), max_length=200, blank=True, help_text=_("A journal, a society, a site.")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)
    doi = models.CharField(
        "DOI",
        max_length=100,
        blank=True,
        validators=[RegexValidator(r"^10\.\S+/\S+$", _("A DOI starts with 10. and has a /."))],
        help_text=_("e.g. 10.1212/WNL.0000000000001234; linked at doi.org when there is no link."),
    )

    class Meta:
        ordering = ["article_id", "position", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title

    @property
    def link(self):
        """Where the source can be read: its link, else its DOI's address."""
        return self.url or (f"https://doi.org/{self.doi}" if self.doi else "")


class ArticleChange(PartOfPage):
    """One line of the article's change log, as an editor wrote it."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="changes", verbose_name=_("article")
    )
    changed_on = models.DateField(_("date"), default=timezone.localdate)
    description = models.CharField(
        _("what changed"),
        max_length=300,
        help_text=_("One line, e.g. “Added the section on microvascular decompression”."),
    )

    class Meta:
        ordering = ["article_id", "-changed_on", "-id"]
        verbose_name = _("change")
        verbose_name_plural = _("what changed")

    def __str__(self):
        return f"{self.changed_on}: {self.description}"


class ErrorReport(models.Model):
    """A reader's report of an error in an article, for its editors (never shown on the site)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="error_reports", verbose_name=_("article")
    )
    text = models.TextField(_("what is wrong"), max_length=3000)
    email = models.EmailField(
        _("email"), blank=True, help_text=_("Given by the reader for an answer; optional.")
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        # Waiting reports first (NULLs sort last on PostgreSQL unless told).
        ordering = [models.F("handled_at").asc(nulls_first=True), "-created_at"]
        indexes = [models.Index(fields=["handled_at", "created_at"])]
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")

    def __str__(self):
        return f"{self.article}: {self.text[:60]}"
