"""The emails a poster asks for on the comment form, besides "approved": their comment's private
link, and "Email me when someone replies".

Reply emails are double opt-in: ticking the box sends one email with a confirmation link (in
the same email as the private link when both were ticked), and nothing about replies is sent
until the poster confirms. Each approved reply to a confirmed comment is queued as a
ReplyNotice; the poster gets at most one email per COMMENTS_REPLY_EMAIL_INTERVAL, holding every
reply queued meanwhile. The first goes out when the reply is approved; later ones wait for
`manage.py send_reply_notices`, which a timer runs every few minutes. Every email carries a
one-click unsubscribe link (RFC 8058).

The confirmation and unsubscribe links carry a token of their own (a keyed hash of the
comment's id and time under the secret key, one salt for each): the link alone is the
authority, as a mail provider's one-click POST has no cookie, form token or Origin.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from hfs_site.after_response import after_commit_and_response

from . import emails
from .models import Comment, ReplyNotice
from .status_links import status_url

logger = logging.getLogger(__name__)

CONFIRM_SALT = "comments.reply-emails.confirm"
UNSUBSCRIBE_SALT = "comments.reply-emails.unsubscribe"

# A comment whose poster gets reply emails: asked, confirmed, still there, with an address.
WANTS_REPLY_EMAILS = models.Q(
    notify_on_reply=True, reply_notify_confirmed_at__isnull=False, withdrawn_at__isnull=True
) & ~models.Q(author_email="")


class Confirmation(models.TextChoices):
    CONFIRMED = "confirmed"
    ALREADY = "already"
    OFF = "off"


def _token(comment, salt):
    value = f"{comment.pk}:{comment.created_at.isoformat()}"
    return f"{comment.pk}-{salted_hmac(salt, value, algorithm='sha256').hexdigest()[:32]}"


def _comment_for(token, salt):
    """The comment a confirmation or unsubscribe token was made for, or None if tampered."""
    pk, _, digest = token.partition("-")
    if not (pk.isascii() and pk.isdigit() and len(pk) <= 18 and digest):
        return None
    comment = Comment.objects.select_related("article").filter(pk=int(pk)).first()
    if comment is None or not constant_time_compare(_token(comment, salt), token):
        return None
    return comment


def confirm_url(comment):
    token = _token(comment, CONFIRM_SALT)
    return emails.on_site(reverse("comments:reply_emails_confirm", kwargs={"token": token}))


def unsubscribe_url(comment):
    token = _token(comment, UNSUBSCRIBE_SALT)
    return emails.on_site(reverse("comments:unsubscribe", kwargs={"token": token}))


def comment_for_confirm_token(token):
    return _comment_for(token, CONFIRM_SALT)


def comment_for_unsubscribe_token(token):
    return _comment_for(token, UNSUBSCRIBE_SALT)


# What the poster asked for when posting.


def comment_posted(comment, *, email_status_link):
    """Send the one email a new comment's poster asked for, once the comment is stored: the
    private link, the reply-emails confirmation, or both in one email. None for a comment held
    as spam, so a bot cannot make the site mail the addresses it types."""
    if comment.status == Comment.Status.SPAM or not comment.author_email:
        return
    if email_status_link or comment.notify_on_reply:
        after_commit_and_response(
            lambda: _send_poster_links(comment, status_link=email_status_link)
        )


def _send_poster_links(comment, *, status_link):
    path = status_url(comment) if status_link else ""
    emails.send_poster_links(
        comment,
        status_url=emails.on_site(path) if path else "",
        confirm_url=confirm_url(comment) if comment.notify_on_reply else "",
    )


# The poster's choices, from the confirmation link, the unsubscribe link and the status page.


def reply_emails_confirm(comment, *, now=None):
    """Confirm the reply emails the poster asked for; says what was the case (Confirmation)."""
    confirmed = Comment.objects.filter(
        pk=comment.pk,
        notify_on_reply=True,
        reply_notify_confirmed_at__isnull=True,
        withdrawn_at__isnull=True,
    ).update(reply_notify_confirmed_at=now or timezone.now())
    if confirmed:
        return Confirmation.CONFIRMED
    comment.refresh_from_db(fields=["notify_on_reply", "reply_notify_confirmed_at"])
    if comment.notify_on_reply and comment.reply_notify_confirmed_at:
        return Confirmation.ALREADY
    return Confirmation.OFF


def reply_emails_stop(comment):
    """Send no more reply emails about `comment`; False if none were on."""
    return bool(
        Comment.objects.filter(pk=comment.pk, notify_on_reply=True).update(notify_on_reply=False)
    )


def reply_emails_ask(comment):
    """Turn reply emails on again from the status page: a new confirmation email goes out, and
    nothing about replies until the poster confirms. False for a comment with no address."""
    if not comment.author_email or comment.withdrawn_at:
        return False
    Comment.objects.filter(pk=comment.pk).update(
        notify_on_reply=True, reply_notify_confirmed_at=None
    )
    comment.notify_on_reply, comment.reply_notify_confirmed_at = True, None
    after_commit_and_response(lambda: _send_poster_links(comment, status_link=False))
    return True


# Replies.


def replies_approved(replies):
    """Queue a notice for each subscriber that these just-approved comments answer, inside the
    approving transaction; the due emails go once it commits. Called by every path that
    approves a comment (services.py). Waiting or spam comments, replies no reader sees and a
    poster's replies to their own comment queue nothing."""
    parent_ids = {reply.parent_id for reply in replies if reply.parent_id}
    if not parent_ids:
        return
    subscribers = Comment.objects.filter(WANTS_REPLY_EMAILS, pk__in=parent_ids).in_bulk()
    shown = set(
        Comment.objects.approved()
        .filter(pk__in=[reply.pk for reply in replies if reply.parent_id in subscribers])
        .values_list("pk", flat=True)
    )
    notices = [
        ReplyNotice(subscriber_id=reply.parent_id, reply_id=reply.pk)
        for reply in replies
        if reply.pk in shown and not _same_poster(reply, subscribers[reply.parent_id])
    ]
    if not notices:
        return
    # A reply approved again after an Unapprove is not queued twice (reply_notice_once).
    ReplyNotice.objects.bulk_create(notices, ignore_conflicts=True)
    subscriber_ids = sorted({notice.subscriber_id for notice in notices})
    after_commit_and_response(lambda: send_waiting(subscriber_ids))


def _same_poster(reply, subscriber):
    email = reply.author_email.strip().lower()
    return bool(email) and email == subscriber.author_email.strip().lower()


def send_waiting(subscriber_ids=None, *, now=None):
    """Email each subscriber (all, or those of `subscriber_ids`) whose notices wait and whose
    last reply email is COMMENTS_REPLY_EMAIL_INTERVAL old; returns how many emails went."""
    now = now or timezone.now()
    waiting = ReplyNotice.objects.filter(sent_at__isnull=True)
    if subscriber_ids is not None:
        waiting = waiting.filter(subscriber_id__in=subscriber_ids)
    pks = sorted(set(waiting.values_list("subscriber_id", flat=True)))
    return sum(_send_batch(pk, now=now) for pk in pks)


def _send_batch(pk, *, now):
    with transaction.atomic():
        batch = _claim_batch(pk, now=now)
    if batch is None:
        return 0
    subscriber, notices = batch
    path = status_url(subscriber)
    sent = emails.send_reply_notice(
        subscriber,
        [notice.reply for notice in notices],
        status_url=emails.on_site(path) if path else "",
        unsubscribe_url=unsubscribe_url(subscriber),
    )
    if not sent:
        # The notices wait for the next run of send_reply_notices.
        ReplyNotice.objects.filter(pk__in=[n.pk for n in notices], sent_at=now).update(sent_at=None)
        Comment.objects.filter(pk=pk, last_reply_email_at=now).update(
            last_reply_email_at=subscriber.last_reply_email_at
        )
    return int(sent)


def _claim_batch(pk, *, now):
    """The subscriber and the notices this process is to send them now, claimed; or None.

    Notices of replies that readers no longer see (unapproved, removed, withdrawn) or of a
    subscriber who no longer wants them are dropped unsent. The subscriber is claimed with a
    conditional UPDATE of last_reply_email_at, then each notice with one of sent_at, so two
    processes sending at once (two moderators, the timer) never send the same reply twice.
    """
    waiting = ReplyNotice.objects.filter(subscriber_id=pk, sent_at__isnull=True)
    subscriber = Comment.objects.select_related("article").filter(WANTS_REPLY_EMAILS, pk=pk).first()
    if subscriber is None:
        waiting.delete()
        return None
    still_shown = Comment.objects.approved().filter(withdrawn_at__isnull=True)
    waiting.exclude(reply__in=still_shown).delete()
    notices = list(waiting.select_related("reply").order_by("reply__created_at", "reply_id"))
    if not notices:
        return None
    interval = timedelta(seconds=settings.COMMENTS_REPLY_EMAIL_INTERVAL)
    due = models.Q(last_reply_email_at__isnull=True) | models.Q(
        last_reply_email_at__lte=now - interval
    )
    if not Comment.objects.filter(due, pk=pk).update(last_reply_email_at=now):
        return None
    claimed = [
        notice
        for notice in notices
        if ReplyNotice.objects.filter(pk=notice.pk, sent_at__isnull=True).update(sent_at=now)
    ]
    return (subscriber, claimed) if claimed else None
