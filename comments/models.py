import ipaddress
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models, transaction
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, validate_language_code

# How many levels a conversation goes: a comment, a reply, a reply to the reply. A reply to a
# comment at the deepest level is stored beside it, under its parent (services.reply_parent),
# so the top-level comment of any comment is at most MAX_DEPTH - 1 parents up. The queries
# that walk a thread (visible_to() below, comments/listing.py) take their depth from here.
MAX_DEPTH = 3
# The select_related() path from a comment to the top of its thread.
THREAD_TOP = "__".join(["parent"] * (MAX_DEPTH - 1))
# What a reader's own comment may be while the reader alone sees it. A comment held as spam is
# shown to its poster as waiting too, so a bot learns nothing from the answer.
WAITING = ("pending", "spam")
# False for a pending comment, true for any other: the comment list puts pending comments first
# by it (comments/admin.py), through the two indexes that hold it. The status is written into the
# SQL, not passed as a parameter, because SQLite uses an index on an expression only for a
# query that writes the very same expression.
NOT_PENDING = models.Func(
    models.F("status"),
    template="(%(expressions)s <> 'pending')",
    output_field=models.BooleanField(),
)


def ancestors_lookups():
    """The lookup prefix of each comment above a comment: "parent__", "parent__parent__"..."""
    return ["parent__" * level for level in range(1, MAX_DEPTH)]


def new_status_key():
    return secrets.token_hex(16)


def in_site_language():
    """What the site stores in words for its moderators and readers (a comment's status reason,
    the admin history, a redaction mark) is written in the site's language (LANGUAGE_CODE), not
    in the language of whichever reader's or moderator's request wrote it."""
    return translation.override(settings.LANGUAGE_CODE)


class DeclineReason(models.TextChoices):
    PERSONAL_DATA = "personal-data", _("Personal data")
    MEDICAL_CLAIM = "medical-claim", _("Unverified medical claim")
    ADVERTISING = "advertising", _("Advertising")
    OFF_TOPIC = "off-topic", _("Off-topic")
    ABUSIVE = "abusive", _("Abusive")
    OTHER = "other", _("Other")


class CommentQuerySet(models.QuerySet):
    # Who sees which comment: written once, here.

    @staticmethod
    def shown_alone(own_ids=(), prefix=""):
        """Q: the comment (at `prefix`) is shown to a reader whose own comments are `own_ids`
        (their private page, comments/links.py): approved, or theirs and still waiting.
        Whether the comments above it are shown is visible_to()'s part."""
        shown = models.Q(**{f"{prefix}status": Comment.Status.APPROVED})
        if own_ids:
            shown |= models.Q(**{f"{prefix}pk__in": list(own_ids), f"{prefix}status__in": WAITING})
        return shown

    def shown_to(self, own_ids=()):
        """These comments that such a reader would see if the comments above them were shown."""
        return self.filter(self.shown_alone(own_ids))

    def visible_to(self, own_ids=()):
        """Comments such a reader sees: shown, and so is every comment above them."""
        condition = self.shown_alone(own_ids)
        for prefix in ancestors_lookups():
            above = models.Q(**{f"{prefix}isnull": True}) | self.shown_alone(own_ids, prefix)
            condition &= above
        return self.filter(condition)

    def approved(self):
        """Comments every reader sees: approved, and so is every comment above them."""
        return self.visible_to()

    def pending(self):
        """Comments waiting for a moderator."""
        return self.filter(status=Comment.Status.PENDING)

    def by_email(self, email):
        """Every comment left with this email address, whatever its status (none for "")."""
        email = email.strip()
        if not email:
            return self.none()
        # Both sides lowered by the database, as the index on LOWER(author_email) is made:
        # found through it, where iexact (LIKE on SQLite) reads every row.
        return self.alias(author_email_lower=Lower("author_email")).filter(
            author_email_lower=Lower(models.Value(email))
        )

    # Every write of comments changes their articles' pages: it tells them itself, in its own
    # transaction (articles_changed), so no caller has to remember to.

    def update(self, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            article_ids = self._article_ids()
            rows = super().update(**kwargs)
            if "article" in kwargs or "article_id" in kwargs:
                article_ids |= self._article_ids()
            articles_changed(article_ids)
        return rows

    def delete(self):
        with transaction.atomic(using=self.db, savepoint=False):
            article_ids = self._article_ids()
            deleted = super().delete()
            articles_changed(article_ids)
        return deleted

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            articles_changed({comment.article_id for comment in created})
        return created

    def _article_ids(self):
        return set(self.order_by().values_list("article_id", flat=True).distinct())


def articles_changed(article_ids):
    """Give these articles a new page version and their count of comments every reader sees."""
    if not article_ids:
        return
    counts = (
        Comment.objects.approved()
        .filter(article=models.OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    Article.objects.filter(pk__in=article_ids).pages_changed(
        comment_count=Coalesce(models.Subquery(counts), 0)
    )


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    class SpamLabel(models.TextChoices):
        NONE = "", _("Nothing")
        HAM = "ham", _("Genuine (ham)")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("answers"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        help_text=_("The comment this one answers, if any."),
    )
    author_name = models.CharField(_("name"), max_length=80)
    author_email = models.EmailField(_("email"), blank=True, help_text=_("Never shown to readers."))
    author_url = models.URLField(
        _("website"),
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Only http and https addresses; linked with rel=nofollow."),
    )
    body = models.TextField(
        _("comment"), help_text=_("Plain text; shown escaped, links made clickable.")
    )
    language = models.CharField(
        _("language"),
        max_length=12,
        blank=True,
        validators=[validate_language_code],
        help_text=_(
            "The language the comment is written in (a code such as en or es), as its poster "
            "chose it; empty: not known, read as the article's."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        help_text=_("Only approved comments are shown to readers."),
    )
    status_reason = models.CharField(
        _("reason"), max_length=200, blank=True, help_text=_("Why the comment has its status.")
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    is_site_reply = models.BooleanField(
        _("from the site team"),
        default=False,
        help_text=_("Written by a moderator as the site; shown with a “Site team” badge."),
    )
    notify_on_approval = models.BooleanField(
        _("email on approval"),
        default=False,
        help_text=_("The commenter asked for one email when a moderator approves the comment."),
    )
    approval_notified_at = models.DateTimeField(
        _("approval email sent at"),
        null=True,
        blank=True,
        help_text=_("When that email was sent; it is never sent twice."),
    )
    status_key = models.CharField(
        _("status link key"),
        max_length=32,
        blank=True,
        default=new_status_key,
        help_text=_(
            "A random part of the poster's private status link (comments/status_links.py); "
            "empty when a moderator revoked the link."
        ),
    )
    edited_at = models.DateTimeField(
        _("edited at"), null=True, blank=True, help_text=_("When the poster last edited the text.")
    )
    withdrawn_at = models.DateTimeField(
        _("withdrawn at"),
        null=True,
        blank=True,
        help_text=_(
            "When the poster withdrew the comment: its text and personal data are erased; "
            "readers see “withdrawn by its author” if others replied."
        ),
    )
    notify_on_reply = models.BooleanField(
        _("email on replies"),
        default=False,
        help_text=_("The commenter asked to be told of approved replies (once confirmed)."),
    )
    reply_notify_confirmed_at = models.DateTimeField(
        _("reply emails confirmed"),
        null=True,
        blank=True,
        help_text=_(
            "When the commenter confirmed, from the confirmation email, that they want them."
        ),
    )
    last_reply_email_at = models.DateTimeField(
        _("last reply email at"),
        null=True,
        blank=True,
        help_text=_("When the last reply email went out: replies within the hour after it wait."),
    )
    tags = models.CharField(
        _("triage"),
        max_length=100,
        blank=True,
        help_text=_(
            "What the comment holds that a moderator should see first, space-separated "
            "(comments/triage.py): distress, personal-data, medical-claim, commercial."
        ),
    )
    risk = models.PositiveSmallIntegerField(
        _("risk"),
        default=0,
        help_text=_("How urgently it needs a moderator, from its tags: distress highest."),
    )
    decline_reason = models.CharField(
        _("decline reason"),
        max_length=20,
        choices=DeclineReason.choices,
        blank=True,
        help_text=_(
            "Why a moderator did not publish it; shown to its poster on their status page."
        ),
    )
    decline_note = models.CharField(
        _("decline note"),
        max_length=300,
        blank=True,
        help_text=_("The moderator's own words to the poster, with the reason (optional)."),
    )
    editor_note = models.TextField(
        _("editor's note"),
        blank=True,
        help_text=_(
            "An editor's note shown under the comment to every reader, e.g. that a treatment "
            "has changed since it was written."
        ),
    )
    spam_label = models.CharField(
        _("taught the spam filter"),
        max_length=4,
        choices=SpamLabel.choices,
        blank=True,
        default=SpamLabel.NONE,
        help_text=_(
            "Set by moderators' decisions: genuine after Approve or Not spam, spam after Mark "
            "as spam, nothing after Unapprove, Remove or Restore (comments/spamfilter.py)."
        ),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            # The top-level comments of an article, in page order: paging and counting
            # threads read this index alone (comments/listing.py).
            models.Index(
                fields=["article", "status", "created_at"],
                condition=models.Q(parent__isnull=True),
                name="comment_thread_idx",
            ),
            models.Index(fields=["status", "created_at"]),
            # The comment list: pending first, then newest (comments/admin.py), of all articles
            # or of one (the list filtered by article, the comments on an article's page).
            models.Index(
                NOT_PENDING,
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="comment_pending_first_idx",
            ),
            models.Index(
                "article",
                NOT_PENDING,
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="comment_article_pending_idx",
            ),
            # The queue: what waits, riskiest first (comments/admin.py).
            models.Index(fields=["status", "-risk", "created_at"], name="comment_queue_idx"),
            # A post sent twice is found by its email and time (services._same_post).
            models.Index(fields=["author_email", "created_at"]),
            models.Index(Lower("author_email"), name="comment_email_lower_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "spam", "removed"]),
                name="comment_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(spam_label__in=["", "ham", "spam"]),
                name="comment_spam_label_valid",
            ),
            # A comment answering itself would make its thread endless. A reply to one of its
            # own replies, or to another article's comment, cannot be a constraint:
            # parent_problem() refuses those in clean() and save().
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="comment_not_its_own_parent",
                violation_error_message=_("A comment cannot answer itself."),
            ),
        ]

    def __str__(self):
        return gettext("%(name)s on %(article)s") % {
            "name": self.author_name,
            "article": self.article,
        }

    def save(self, *args, **kwargs):
        # An edit may move the comment (the admin's form ran clean(); a script may not). A new
        # comment has no replies, and services.reply_parent() places it.
        update_fields = kwargs.get("update_fields")
        moves = not self._state.adding and (update_fields is None or "parent" in update_fields)
        if moves and (problem := self.parent_problem()):
            raise ValidationError({"parent": problem})
        if self._state.adding and self.status != self.Status.APPROVED:
            # A new comment that waits is seen by its poster alone, on a page never kept.
            return super().save(*args, **kwargs)
        with transaction.atomic():
            article_ids = {self.article_id}
            if not self._state.adding:  # a comment moved to another article changes both
                article_ids |= Comment.objects.filter(pk=self.pk)._article_ids()
            super().save(*args, **kwargs)
            articles_changed(article_ids)

    def get_absolute_url(self):
        """The comment's lasting address: it redirects to the page of the article that holds
        the comment today (pages move as comments are approved or removed)."""
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    def get_admin_url(self):
        return reverse("admin:comments_comment_change", args=[self.pk])

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            articles_changed({self.article_id})
        return deleted

    def clean(self):
        if problem := self.parent_problem():
            raise ValidationError({"parent": problem})

    def parent_problem(self):
        """Why `parent` cannot be this comment's parent, or None if it can.

        Refused: the comment itself or one of its replies (the thread would loop), a comment
        of another article, and a comment at the deepest level (MAX_DEPTH) or below it, which
        is also what lets one query see every comment above the parent.
        """
        if self.parent_id is None:
            return None
        if self.parent_id == self.pk:
            return gettext("A comment cannot answer itself.")
        above = ["__".join(["parent"] * level) for level in range(1, MAX_DEPTH)]
        row = Comment.objects.filter(pk=self.parent_id).values_list("article", *above).first()
        if row is None:
            return None  # no such comment: the field's own validation says so
        article_id, *ancestor_ids = row
        if article_id != self.article_id:
            return gettext("The comment answered must be on the same article.")
        if self.pk is not None and self.pk in ancestor_ids:
            return gettext("A comment cannot answer one of its own replies.")
        if ancestor_ids[-1] is not None:
            return ngettext(
                "Conversations go %(depth)s level deep: that comment is at the deepest level. "
                "Choose the comment it answers.",
                "Conversations go %(depth)s levels deep: that comment is at the deepest level. "
                "Choose the comment it answers.",
                MAX_DEPTH,
            ) % {"depth": MAX_DEPTH}
        return None

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED


class CommentRevision(models.Model):
    """A text a poster replaced by editing their comment, kept for the moderators alone."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="revisions"
    )
    body = models.TextField(_("text before the edit"))
    status = models.CharField(
        _("status before the edit"), max_length=10, choices=Comment.Status.choices
    )
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        ordering = ["replaced_at", "id"]
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")

    def __str__(self):
        return gettext("Version of comment %(id)s replaced %(when)s") % {
            "id": self.comment_id,
            "when": f"{self.replaced_at:%Y-%m-%d %H:%M}",
        }


class ReplyNotice(models.Model):
    """An approved reply that the poster of `subscriber` is to be told about (or was)."""

    subscriber = models.ForeignKey(
        Comment, verbose_name=_("subscriber"), on_delete=models.CASCADE, related_name="+"
    )
    reply = models.ForeignKey(
        Comment, verbose_name=_("reply"), on_delete=models.CASCADE, related_name="+"
    )
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply email")
        verbose_name_plural = _("reply emails")
        ordering = ["queued_at", "id"]
        constraints = [
            models.UniqueConstraint("subscriber", "reply", name="reply_notice_once"),
        ]
        indexes = [models.Index(fields=["sent_at", "queued_at"])]

    def __str__(self):
        return gettext("Reply %(reply)s to comment %(comment)s") % {
            "reply": self.reply_id,
            "comment": self.subscriber_id,
        }


class CommentNote(Comment):
    """Comments as editors see them: only the editor's note is theirs to change (its own
    permissions, given to the Editors group)."""

    class Meta:
        proxy = True
        verbose_name = _("editor's note on a comment")
        verbose_name_plural = _("editors' notes on comments")


class CommentReport(models.Model):
    """A reader's report of a published comment. A reader is known only by a keyed hash of
    their address, so that one reader counts once (COMMENTS_HIDE_AFTER_REPORTS)."""

    class Reason(models.TextChoices):
        PERSONAL_DATA = "personal-data", _("It shares someone's personal details")
        DANGEROUS = "dangerous", _("Dangerous or false medical advice")
        ADVERTISING = "advertising", _("Advertising or spam")
        ABUSIVE = "abusive", _("Abusive or hateful")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    reporter = models.CharField(
        _("reporter"),
        max_length=64,
        help_text=_("A keyed hash of the reader's address; never the address."),
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint("comment", "reporter", name="one_report_per_reader"),
        ]

    def __str__(self):
        return gettext("%(reason)s (comment %(id)s)") % {
            "reason": self.get_reason_display(),
            "id": self.comment_id,
        }


class CrisisHelp(models.Model):
    """The help shown at once to a poster whose comment holds words of distress. One row at
    most, edited by editors; until then the site's default text (comments/triage.py)."""

    text = models.TextField(
        _("text"),
        help_text=_(
            "Plain text; a blank line starts a paragraph and addresses become links. Say what "
            "to do now, kindly and briefly."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("crisis help text")
        verbose_name_plural = _("crisis help text")

    def __str__(self):
        return gettext("Crisis help text")


class ModeratorPreference(models.Model):
    """How a moderator wants to hear of waiting comments."""

    class Notify(models.TextChoices):
        EACH = "each", _("An email for each waiting comment")
        DIGEST = "digest", _("A daily digest")
        NONE = "none", _("No emails")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.CASCADE,
        related_name="moderator_preference",
    )
    notify = models.CharField(
        _("notify me"), max_length=10, choices=Notify.choices, default=Notify.EACH
    )
    last_digest_at = models.DateTimeField(_("last digest at"), null=True, blank=True)

    class Meta:
        verbose_name = _("moderator preference")
        verbose_name_plural = _("moderator preferences")

    def __str__(self):
        return f"{self.user}: {self.get_notify_display()}"


class SpamToken(models.Model):
    """What the spam filter learned about one feature from the moderators' decisions.

    The row named "=documents" holds how many comments of each kind were learned; every
    other row is a feature of comments (comments/spamfilter.py says how they are made).
    """

    token = models.CharField(
        _("feature"), max_length=100, unique=True, help_text=_("A feature of comments.")
    )
    ham = models.PositiveIntegerField(
        _("genuine"),
        default=0,
        help_text=_("Comments with this feature that moderators called genuine."),
    )
    spam = models.PositiveIntegerField(
        _("spam"),
        default=0,
        help_text=_("Comments with this feature that moderators marked as spam."),
    )

    class Meta:
        verbose_name = _("spam filter feature")
        verbose_name_plural = _("spam filter features")
        ordering = ["token"]

    def __str__(self):
        return gettext("%(feature)s: %(ham)s genuine, %(spam)s spam") % {
            "feature": self.token,
            "ham": self.ham,
            "spam": self.spam,
        }


class BlockedTerm(models.Model):
    """Something that marks a new comment as spam: a word, an address, an IP or a link domain."""

    class Kind(models.TextChoices):
        WORD = "word", _("Word or phrase")
        EMAIL = "email", _("Email address")
        IP = "ip", _("IP address or network")
        DOMAIN = "domain", _("Link domain")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WORD)
    value = models.CharField(
        _("value"),
        max_length=200,
        help_text=_(
            "Word or phrase: matched as whole words in the name and text, any case "
            "(“cash” does not match “cashew”). Email: a full address, or @domain for all of a "
            "domain. IP: one address or a network like 203.0.113.0/24. Link domain: "
            "example.com also blocks links to its subdomains."
        ),
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Why it is blocked (optional).")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("blocked term")
        verbose_name_plural = _("blocked terms")
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                "kind",
                Lower("value"),
                name="blocked_term_unique_per_kind",
                violation_error_message=_("This term is already blocked."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["word", "email", "ip", "domain"]),
                name="blocked_term_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        self.value = normalise_blocked_value(self.kind, self.value)


def normalise_blocked_value(kind, value):
    """The canonical, lower-case form of a blocked term; raises ValidationError if it cannot match.

    A domain may be pasted as a link (https://www.example.com/page): only its host is kept.
    """
    value = " ".join(value.split()).lower()
    if not value:
        raise ValidationError({"value": gettext("Please enter something to block.")})
    if kind == BlockedTerm.Kind.EMAIL:
        address = f"someone{value}" if value.startswith("@") else value
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                {
                    "value": gettext(
                        "Enter an email address (name@example.com) or a domain (@example.com)."
                    )
                }
            ) from None
    elif kind == BlockedTerm.Kind.IP:
        try:
            value = str(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ValidationError(
                {
                    "value": gettext(
                        "Enter an IP address (203.0.113.9) or a network (203.0.113.0/24)."
                    )
                }
            ) from None
        if value.endswith(("/32", "/128")):
            value = value.rsplit("/", 1)[0]
    elif kind == BlockedTerm.Kind.DOMAIN:
        host = value.split("://", 1)[-1].split("/", 1)[0].split("@")[-1].split(":")[0]
        value = host.removeprefix("www.").strip(".")
        if "." not in value or " " in value:
            raise ValidationError({"value": gettext("Enter a domain such as example.com.")})
    return value


class PrivacyAudit(models.Model):
    """One export or erasure of a commenter's data: who did it, when, how, and to whom.

    The commenter is named only by a keyed hash of their email (privacy.email_hash), so the
    record outlives the erasure it records without keeping what was erased.
    """

    class Action(models.TextChoices):
        EXPORT = "export", _("Exported")
        ANONYMISE = "anonymise", _("Anonymised")
        DELETE = "delete", _("Deleted")
        WITHDRAW = "withdraw", _("Withdrawn by its author")

    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    email_hash = models.CharField(
        _("email hash"),
        max_length=64,
        db_index=True,
        help_text=_("HMAC-SHA256 of the lowercased email under the secret key; never the email."),
    )
    comment_count = models.PositiveIntegerField(
        _("comments"), help_text=_("Comments exported or erased.")
    )
    actor = models.CharField(
        _("by"),
        max_length=150,
        help_text=_("The moderator's username, or “command line (user name)” for a command."),
    )
    via = models.CharField(
        _("via"), max_length=40, help_text=_("The admin action or command used.")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("privacy audit entry")
        verbose_name_plural = _("privacy audit")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=["export", "anonymise", "delete", "withdraw"]),
                name="privacy_audit_action_valid",
            ),
        ]

    def __str__(self):
        return gettext("%(action)s %(hash)s… by %(actor)s") % {
            "action": self.get_action_display(),
            "hash": self.email_hash[:12],
            "actor": self.actor,
        }
