"""The emails about comments: "a comment waits" (or a daily digest of them) to the moderators,
as each chose (ModeratorPreference); to a commenter who asked
for them, "your comment is published", their comment's private link or the confirmation of
reply emails, and the replies to their comment (comments/notifications.py decides when).

Subjects are built from cleaned single-line text and Django refuses any header with a
newline, so a commenter's name can never add a header. A mail server that fails is logged;
it never loses the comment or shows the reader an error.
"""

import logging
from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_noop, ngettext

from .models import ModeratorPreference
from .text import clean_single_line

logger = logging.getLogger(__name__)


def in_language(language_for):
    """Render and send the decorated email in `language_for(first argument)`, whatever the
    language of the request it is sent after (a poster's, a moderator's) or of none."""

    def decorate(send):
        @wraps(send)
        def send_in_language(first, *args, **kwargs):
            with translation.override(language_for(first)):
                return send(first, *args, **kwargs)

        return send_in_language

    return decorate


def posters_language(comment):
    """A poster's emails speak their comment's language when the site offers it, else the
    site's (LANGUAGE_CODE)."""
    try:
        return translation.get_supported_language_variant(comment.language)
    except LookupError:
        return settings.LANGUAGE_CODE


def site_language(_):
    """Moderators' emails speak the site's language, whoever's request sends them."""
    return settings.LANGUAGE_CODE


def moderators():
    """Active staff users who may moderate comments, superusers included."""
    return (
        get_user_model()
        .objects.with_perm(
            "comments.change_comment", backend="django.contrib.auth.backends.ModelBackend"
        )
        .filter(is_staff=True)
    )


def moderator_emails(*, urgent=False):
    """Who is emailed about a waiting comment: COMMENTS_MODERATOR_EMAILS, or else every
    moderator with an address who chose an email for each (the default) over a daily digest or
    none; for an `urgent` one (words of distress), the digest's readers too."""
    if settings.COMMENTS_MODERATOR_EMAILS:
        return list(settings.COMMENTS_MODERATOR_EMAILS)
    users = moderators()
    if urgent:
        users = users.exclude(moderator_preference__notify=ModeratorPreference.Notify.NONE)
    else:
        users = users.filter(
            Q(moderator_preference__isnull=True)
            | Q(moderator_preference__notify=ModeratorPreference.Notify.EACH)
        )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def moderators_unreachable():
    """True while no email about waiting comments can reach anyone: no COMMENTS_MODERATOR_EMAILS
    and no moderator with an address (the admin warns of it on every page)."""
    return not settings.COMMENTS_MODERATOR_EMAILS and not moderators().exclude(email="").exists()


def subject_line(text):
    return Truncator(clean_single_line(text)).chars(150)


def on_site(path):
    """`path` as a full address on SITE_URL: never on the host a poster's request named."""
    return f"{settings.SITE_URL}{path}"


@in_language(site_language)
def send_moderator_notification(comment):
    recipients = moderator_emails()
    if not recipients:
        return
    context = {
        "comment": comment,
        "admin_url": on_site(comment.get_admin_url()),
        "pending_url": on_site(
            reverse("admin:comments_comment_changelist") + "?status__exact=pending"
        ),
    }
    _send(
        subject_line(
            gettext("Comment waiting: %(name)s on %(article)s")
            % {"name": comment.author_name, "article": comment.article}
        ),
        render_to_string("comments/email/moderator_notification.txt", context),
        recipients,
    )


@in_language(site_language)
def send_urgent_moderator_notification(comment):
    """A comment holds words of distress (comments/triage.py): marked urgent for the mail
    reader, it says which comment and where to read it. The subject names no one, as a lock
    screen shows it; the body holds what the admin shows a moderator, not the poster's
    email or address."""
    recipients = moderator_emails(urgent=True)
    if not recipients:
        return False
    context = {"comment": comment, "admin_url": on_site(comment.get_admin_url())}
    return _send(
        gettext("Urgent: a comment with words of distress"),
        render_to_string("comments/email/urgent_moderator_notification.txt", context),
        recipients,
        headers={"Importance": "high", "X-Priority": "1"},
    )


@in_language(site_language)
def send_moderation_digest(address, comments, *, total):
    """One moderator's daily digest: `comments` (of `total` waiting), each with its admin page.
    The subject only counts them, as a lock screen shows it. True if the mail server took it."""
    context = {
        "comments": [
            {
                "comment": comment,
                "excerpt": Truncator(clean_single_line(comment.body)).words(40),
                "admin_url": on_site(comment.get_admin_url()),
            }
            for comment in comments
        ],
        "total": total,
        "unlisted": total - len(comments),
        "queue_url": on_site(reverse("admin:comments_comment_queue")),
        "settings_url": on_site(reverse("admin:notifications")),
    }
    return _send(
        ngettext("%(count)s comment waiting", "%(count)s comments waiting", total)
        % {"count": total},
        render_to_string("comments/email/moderation_digest.txt", context),
        [address],
    )


@in_language(posters_language)
def send_approval_notice(comment):
    """The commenter's email: its sender and subject are neutral (COMMENTS_EMAIL_FROM,
    COMMENTS_APPROVAL_SUBJECT), for a lock screen shows them; the body names the article."""
    context = {"comment": comment, "comment_url": on_site(comment.get_absolute_url())}
    _send(
        subject_line(settings.COMMENTS_APPROVAL_SUBJECT),
        render_to_string("comments/email/approved.txt", context),
        [comment.author_email],
        from_email=str(settings.COMMENTS_EMAIL_FROM),
    )


# A commenter's emails are seen on a lock screen or in a shared inbox: their subjects name
# neither the site, the article nor the condition.
# Marked here, translated when sent (in the poster's language).
STATUS_LINK_SUBJECT = gettext_noop("Your comment's private link")
CONFIRM_SUBJECT = gettext_noop("Please confirm: emails about replies")


@in_language(posters_language)
def send_poster_links(comment, *, status_url, confirm_url):
    """The one email a poster asked for when posting (or from the status page): the comment's
    private link, the link confirming reply emails, or both. Addresses are absolute."""
    context = {"comment": comment, "status_url": status_url, "confirm_url": confirm_url}
    _send(
        gettext(STATUS_LINK_SUBJECT if status_url else CONFIRM_SUBJECT),
        render_to_string("comments/email/poster_links.txt", context),
        [comment.author_email],
        from_email=str(settings.COMMENTS_EMAIL_FROM),
    )


@in_language(posters_language)
def send_reply_notice(subscriber, replies, *, status_url, unsubscribe_url):
    """One email about new `replies` to the subscriber's comment, with the one-click unsubscribe
    headers of RFC 8058; True if the mail server took it."""
    count = len(replies)
    if count == 1:
        subject = gettext("New reply to your comment")
    else:
        subject = ngettext(
            "%(count)s new reply to your comment", "%(count)s new replies to your comment", count
        ) % {"count": count}
    context = {
        "comment": subscriber,
        "replies": [
            {
                "reply": reply,
                "excerpt": Truncator(reply.body).words(60),
                "url": on_site(reply.get_absolute_url()),
            }
            for reply in replies
        ],
        "status_url": status_url,
        "unsubscribe_url": unsubscribe_url,
    }
    return _send(
        subject,
        render_to_string("comments/email/replies.txt", context),
        [subscriber.author_email],
        from_email=str(settings.COMMENTS_EMAIL_FROM),
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _send(subject, body, recipients, *, from_email=None, headers=None):
    """Send one email; True if the mail server took it."""
    try:
        EmailMessage(subject, body, from_email, recipients, headers=headers).send()
    except Exception:
        logger.exception("Could not send the email %r", subject)
        return False
    return True
