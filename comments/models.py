import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

# How many levels a conversation goes: a comment, a reply, a reply to the reply. A reply to a
# comment at the deepest level is stored beside it, under its parent (services.reply_parent),
# so the top-level comment of any comment is at most MAX_DEPTH - 1 parents up.
MAX_DEPTH = 3


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """Comments every reader sees: approved, and for a reply, every comment above it too."""
        return self.filter(self._approved())

    @staticmethod
    def _approved():
        approved = Comment.Status.APPROVED
        parent_shown = models.Q(parent__status=approved) & (
            models.Q(parent__parent__isnull=True) | models.Q(parent__parent__status=approved)
        )
        return models.Q(status=approved) & (models.Q(parent__isnull=True) | parent_shown)

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
        return self.filter(self._approved() | own_waiting)

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


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    class SpamLabel(models.TextChoices):
        NONE = "", "Nothing"
        HAM = "ham", "Genuine (ham)"
        SPAM = "spam", "Spam"

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
    is_site_reply = models.BooleanField(
        "from the site team",
        default=False,
        help_text="Written by a moderator as the site; shown with a “Site team” badge.",
    )
    notify_on_approval = models.BooleanField(
        "email on approval",
        default=False,
        help_text="The commenter asked for one email when a moderator approves the comment.",
    )
    approval_notified_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When that email was sent; it is never sent twice.",
    )
    spam_label = models.CharField(
        "taught the spam filter",
        max_length=4,
        choices=SpamLabel.choices,
        blank=True,
        default=SpamLabel.NONE,
        help_text=(
            "Set by moderators' decisions: genuine after Approve or Not spam, spam after Mark "
            "as spam, nothing after Unapprove, Remove or Restore (comments/spamfilter.py)."
        ),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
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
        ]

    def __str__(self):
        return f"{self.author_name} on {self.article}"

    def get_absolute_url(self):
        """The comment's lasting address: it redirects to the page of the article that holds
        the comment today (pages move as comments are approved or removed)."""
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    def get_admin_url(self):
        return reverse("admin:comments_comment_change", args=[self.pk])

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED


class SpamToken(models.Model):
    """What the spam filter learned about one feature from the moderators' decisions.

    The row named "=documents" holds how many comments of each kind were learned; every
    other row is a feature of comments (comments/spamfilter.py says how they are made).
    """

    token = models.CharField(max_length=100, unique=True, help_text="A feature of comments.")
    ham = models.PositiveIntegerField(
        default=0, help_text="Comments with this feature that moderators called genuine."
    )
    spam = models.PositiveIntegerField(
        default=0, help_text="Comments with this feature that moderators marked as spam."
    )

    class Meta:
        ordering = ["token"]

    def __str__(self):
        return f"{self.token}: {self.ham} genuine, {self.spam} spam"


class BlockedTerm(models.Model):
    """Something that marks a new comment as spam: a word, an address, an IP or a link domain."""

    class Kind(models.TextChoices):
        WORD = "word", "Word or phrase"
        EMAIL = "email", "Email address"
        IP = "ip", "IP address or network"
        DOMAIN = "domain", "Link domain"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WORD)
    value = models.CharField(
        max_length=200,
        help_text=(
            "Word or phrase: matched as whole words in the name and text, any case "
            "(“cash” does not match “cashew”). Email: a full address, or @domain for all of a "
            "domain. IP: one address or a network like 203.0.113.0/24. Link domain: "
            "example.com also blocks links to its subdomains."
        ),
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why it is blocked (optional).")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                "kind",
                Lower("value"),
                name="blocked_term_unique_per_kind",
                violation_error_message="This term is already blocked.",
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
        raise ValidationError({"value": "Please enter something to block."})
    if kind == BlockedTerm.Kind.EMAIL:
        address = f"someone{value}" if value.startswith("@") else value
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                {"value": "Enter an email address (name@example.com) or a domain (@example.com)."}
            ) from None
    elif kind == BlockedTerm.Kind.IP:
        try:
            value = str(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ValidationError(
                {"value": "Enter an IP address (203.0.113.9) or a network (203.0.113.0/24)."}
            ) from None
        if value.endswith(("/32", "/128")):
            value = value.rsplit("/", 1)[0]
    elif kind == BlockedTerm.Kind.DOMAIN:
        host = value.split("://", 1)[-1].split("/", 1)[0].split("@")[-1].split(":")[0]
        value = host.removeprefix("www.").strip(".")
        if "." not in value or " " in value:
            raise ValidationError({"value": "Enter a domain such as example.com."})
    return value
