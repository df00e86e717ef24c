"""The two emails about comments: "a comment waits" to the moderators, and "your comment is
published" to a commenter who asked for it.

Subjects are built from cleaned single-line text and Django refuses any header with a
newline, so a commenter's name can never add a header. A mail server that fails is logged;
it never loses the comment or shows the reader an error.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator

from .text import clean_single_line

logger = logging.getLogger(__name__)
# The emails of this request held until its response has gone (see held_until_response).
_outbox = ContextVar("comment_emails_outbox", default=None)


class Outbox:
    def __init__(self):
        self.held = []

    def send(self):
        held, self.held = self.held, []
        for send in held:
            try:
                send()
            except Exception:
                logger.exception("Could not send a held email")


@contextmanager
def held_until_response():
    """Hold the emails sent_soon() asks for in this block; the caller sends them with
    `outbox.send()` (a view: once its response has gone, by attaching it to the response's
    close). Finding the moderators and writing the email is then no part of the poster's wait.
    If the block fails, what it held is sent at once."""
    outbox = Outbox()
    token = _outbox.set(outbox)
    try:
        yield outbox
    except BaseException:
        outbox.send()
        raise
    finally:
        _outbox.reset(token)


def send_soon(send, *args, **kwargs):
    """`send(*args, **kwargs)` now, or once the response has gone inside held_until_response."""
    if (outbox := _outbox.get()) is not None:
        outbox.held.append(lambda: send(*args, **kwargs))
    else:
        send(*args, **kwargs)


def moderator_emails():
    """COMMENTS_MODERATOR_EMAILS, or else every active staff user who may moderate comments."""
    if settings.COMMENTS_MODERATOR_EMAILS:
        return list(settings.COMMENTS_MODERATOR_EMAILS)
    users = get_user_model().objects.with_perm(
        "comments.change_comment", backend="django.contrib.auth.backends.ModelBackend"
    )
    return sorted(
        set(users.filter(is_staff=True).exclude(email="").values_list("email", flat=True))
    )


def subject_line(text):
    return Truncator(clean_single_line(text)).chars(150)


def absolute(site_url, path):
    return f"{site_url.rstrip('/')}{path}" if site_url else path


def send_moderator_notification(comment, *, site_url=""):
    recipients = moderator_emails()
    if not recipients:
        return
    context = {
        "comment": comment,
        "admin_url": absolute(site_url, comment.get_admin_url()),
        "pending_url": absolute(
            site_url, reverse("admin:comments_comment_changelist") + "?status__exact=pending"
        ),
    }
    _send(
        subject_line(f"Comment waiting: {comment.author_name} on {comment.article}"),
        render_to_string("comments/email/moderator_notification.txt", context),
        recipients,
    )


def send_approval_notice(comment, *, site_url=""):
    context = {"comment": comment, "comment_url": absolute(site_url, comment.get_absolute_url())}
    _send(
        subject_line(f"Your comment on {comment.article} is published"),
        render_to_string("comments/email/approved.txt", context),
        [comment.author_email],
    )


def _send(subject, body, recipients):
    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        logger.exception("Could not send the email %r", subject)
