"""Writes on comments: creating one from a reader's post or a moderator's reply, changing
statuses, and the privacy operations. The admin, the views and the management commands all
call these, so each rule about a write lives here once."""

from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext

from articles.models import Article
from hfs_site.after_response import after_commit_and_response

from . import emails, moderation, notifications, privacy, spamfilter, triage
from .models import (
    MAX_DEPTH,
    Comment,
    CommentReport,
    CommentRevision,
    DeclineReason,
    in_site_language,
)
from .text import clean_single_line, clean_text

# The name an anonymised comment shows, stored in the site's language (anonymous_name()).
ANONYMOUS_NAME = gettext_noop("Anonymous")
# The same text by the same email under the same comment within this time is the same post
# sent twice (a double click, a resend), not a second comment.
DUPLICATE_WINDOW = timedelta(minutes=10)


def anonymous_name():
    with in_site_language():
        return gettext(ANONYMOUS_NAME)


def reply_parent(parent):
    """The comment a reply to `parent` is stored under.

    Conversations go MAX_DEPTH levels deep: a reply to a comment at the deepest level is stored
    under that comment's own parent, so it shows beside the comment it answers. Decided here,
    when the reply is written, so the stored tree is never deeper than the page shows.
    """
    if parent is None:
        return None
    # The comments above it, at most MAX_DEPTH of them: a stored tree is never deeper, and a
    # row whose parents loop (written past Comment.parent_problem()) cannot make this endless.
    ancestors, above = [], parent.parent
    while above is not None and len(ancestors) < MAX_DEPTH:
        ancestors.append(above)
        above = above.parent
    if len(ancestors) < MAX_DEPTH - 1:
        return parent
    return ancestors[len(ancestors) - (MAX_DEPTH - 1)]


def comment_create(
    *,
    article,
    data,
    signals=None,
    ip_address=None,
    user_agent="",
    parent=None,
    email_status_link=False,
):
    """Store a reader's comment with the status the moderation rules decide; returns it.

    A reply goes under `reply_parent(parent)`. The same post sent twice (the same article,
    email, text and parent, stored within DUPLICATE_WINDOW or since the form was shown, so a
    replayed form too) stores nothing new: the comment already stored is returned. A comment
    held for a moderator (pending) emails the moderators once its transaction commits; one
    whose triage tags say distress emails them as urgent instead, whatever its status. A new
    comment whose poster asked for its private link (`email_status_link`) or for reply emails
    gets one email with them (notifications.comment_posted).
    """
    signals = signals or moderation.Signals()
    comment = Comment(
        article=article,
        parent=reply_parent(parent),
        ip_address=ip_address,
        user_agent=clean_single_line(user_agent)[:300],
        **data,
    )
    triage.triage(comment)
    decision = moderation.decide(comment, signals)
    comment.status = decision.status
    comment.status_reason = decision.reason
    with transaction.atomic():
        # Two identical posts arriving together must not both miss each other: the article's
        # row lock makes the second wait for the first to commit (on PostgreSQL; SQLite's
        # IMMEDIATE transaction already holds the database's write lock).
        # (SQLite has no row locks: Django would run the query without FOR UPDATE, for nothing.)
        if connection.features.has_select_for_update:
            list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk"))
        if earlier := _same_post(comment, signals):
            return earlier
        comment.save()
        if triage.in_distress(comment):
            after_commit_and_response(lambda: emails.send_urgent_moderator_notification(comment))
        elif comment.status == Comment.Status.PENDING:
            # Sent after the response: the poster never waits for the mail server.
            after_commit_and_response(lambda: emails.send_moderator_notification(comment))
        if comment.status == Comment.Status.APPROVED:
            notifications.replies_approved([comment])
        notifications.comment_posted(comment, email_status_link=email_status_link)
    return comment


def _same_post(comment, signals):
    """The comment already stored from the same post, if any."""
    since = comment.created_at - DUPLICATE_WINDOW
    if signals.seconds_to_post is not None:
        since = min(since, comment.created_at - timedelta(seconds=signals.seconds_to_post))
    return (
        Comment.objects.filter(
            article_id=comment.article_id,
            parent_id=comment.parent_id,
            author_email=comment.author_email,
            body=comment.body,
            created_at__gte=since,
        )
        .order_by("created_at", "pk")
        .first()
    )


@transaction.atomic
def comment_reply_as_site(*, parent, body, author_name, by):
    """Publish a moderator's reply to `parent`, marked as coming from the site team.

    Replying to a comment that waits approves it too, as WordPress's "Approve and reply" does:
    a reply is only shown under a comment readers see. Spam or removed comments take no reply.
    """
    if parent.status in (Comment.Status.SPAM, Comment.Status.REMOVED):
        raise ValueError(f"Cannot reply to a comment marked {parent.status}.")
    if parent.status == Comment.Status.PENDING:
        comment_set_status(
            Comment.objects.filter(pk=parent.pk),
            status=Comment.Status.APPROVED,
            by=by,
        )
    now = timezone.now()
    with in_site_language():
        reason = gettext("Reply from the site team.")
        change_message = gettext("Replied as the site to comment %(id)s.") % {"id": parent.pk}
    reply = Comment.objects.create(
        article=parent.article,
        parent=reply_parent(parent),
        author_name=clean_single_line(author_name)[:80],
        body=clean_text(body),
        created_at=now,
        is_site_reply=True,
        status=Comment.Status.APPROVED,
        status_reason=reason,
        moderated_by=by,
        moderated_at=now,
    )
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[reply],
        action_flag=ADDITION,
        change_message=change_message,
    )
    notifications.replies_approved([reply])
    return reply


@transaction.atomic
def comment_set_status(comments, *, status, by, only_from=None):
    """Move the given comments to `status`, recording who did it; returns how many changed.

    Comments already in that status, or (with `only_from`) not in one of those statuses, are
    left as they are, so the count is what really changed. A commenter who asked to be told
    gets one email the first time their comment is approved, never a second. The spam filter
    learns from the change at once (spamfilter.learn_decision).
    """
    comments = comments.exclude(status=status)
    if only_from is not None:
        comments = comments.filter(status__in=only_from)
    changing = list(comments.select_related("article"))
    if not changing:
        return 0
    spamfilter.learn_decision(changing, status=status)
    now = timezone.now()
    for comment in changing:
        comment.status = status
        comment.moderated_by = by
        comment.moderated_at = now
    Comment.objects.bulk_update(changing, ["status", "moderated_by", "moderated_at"])
    with in_site_language():
        label = Comment.Status(status).label.lower()
        change_message = gettext("Set status to %(status)s.") % {"status": label}
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=changing,
        action_flag=CHANGE,
        change_message=change_message,
    )
    if status == Comment.Status.APPROVED:
        _notify_commenters_of_approval(changing, now=now)
        notifications.replies_approved(changing)
    return len(changing)


def _notify_commenters_of_approval(comments, *, now):
    wanting = [c for c in comments if c.notify_on_approval and c.author_email]
    for comment in wanting:
        # Claiming the row with a conditional UPDATE makes "one email, never more" hold even
        # when two moderators approve the same comment at the same moment.
        claimed = Comment.objects.filter(pk=comment.pk, approval_notified_at__isnull=True).update(
            approval_notified_at=now
        )
        if claimed:
            after_commit_and_response(lambda comment=comment: emails.send_approval_notice(comment))


def comment_purge_ips(*, older_than):
    """Blank the IP address and user agent of comments posted before `older_than`."""
    return (
        Comment.objects.filter(created_at__lt=older_than)
        .exclude(ip_address__isnull=True, user_agent="")
        .update(ip_address=None, user_agent="")
    )


@transaction.atomic
def commenter_erase(*, email, delete=False, actor, via):
    """Anonymise (or with `delete`, delete) every comment left with `email`; returns the count.

    Anonymised comments keep their text and status but lose the name, email, website, IP
    address and user agent. The admin log's copies of the name are blanked too, and the spam
    filter forgets what the comments taught as they were. Deleting a comment also deletes the
    replies under it. The erasure is written to the erasure ledger, so that a restore of an
    older backup erases them again, and to the privacy audit (`actor` did it through `via`),
    both naming the commenter only by a keyed hash of the email.
    """
    now = timezone.now()
    count = _erase(email=email, delete=delete)
    privacy.ledger_append(email=email, delete=delete, at=now)
    privacy.audit_record(
        action=privacy.Action.DELETE if delete else privacy.Action.ANONYMISE,
        email=email,
        comment_count=count,
        actor=actor,
        via=via,
        at=now,
    )
    return count


def commenters_erase_again(*, erasures, actor, audit=True):
    """Erase again what `erasures` (a set of (email hash, action, time), as the erasure ledger
    holds them) erased: each commenter's comments posted by the time of each erasure. Returns
    how many comments that was. `manage.py restore` calls it, as an older backup brings back
    whoever was erased after it was taken."""
    by_hash = {}
    for digest, action, at in erasures:
        by_hash.setdefault(digest, set()).add((at, action))
    emails = Comment.objects.exclude(author_email="").values_list("author_email", flat=True)
    count = 0
    for email in sorted({email.strip().lower() for email in emails}):
        digests = privacy.email_hashes(email) & by_hash.keys()
        for at, action in sorted(set().union(*(by_hash[digest] for digest in digests))):
            delete = action == privacy.Action.DELETE
            with transaction.atomic():
                erased = _erase(email=email, delete=delete, posted_by=at)
                if erased and audit:
                    privacy.audit_record(
                        action=action, email=email, comment_count=erased, actor=actor, via="restore"
                    )
            count += erased
    return count


def _erase(*, email, delete, posted_by=None):
    comments = Comment.objects.by_email(email)
    if posted_by is not None:
        comments = comments.filter(created_at__lte=posted_by)
    ids = list(comments.values_list("pk", flat=True))
    if not ids:
        return 0
    _forget_in_admin_log(ids)
    # The texts the commenter replaced by editing go too, whether the comments stay or not.
    CommentRevision.objects.filter(comment_id__in=ids).delete()
    if delete:
        # Each deleted comment, replies included, is unlearned as it goes (spamfilter's receiver).
        Comment.objects.filter(pk__in=ids).delete()
    else:
        taught = list(Comment.objects.filter(pk__in=ids).exclude(spam_label=""))
        Comment.objects.filter(pk__in=ids).update(
            author_name=anonymous_name(),
            author_email="",
            author_url="",
            ip_address=None,
            user_agent="",
            notify_on_approval=False,
            notify_on_reply=False,
            reply_notify_confirmed_at=None,
        )
        now = Comment.objects.filter(pk__in=[comment.pk for comment in taught])
        spamfilter.relearn(before=taught, after=list(now))
    return len(ids)


# What a poster does from their comment's status link (comments/status_views.py) -------------

POSTER_ACTOR = "the commenter"
STATUS_PAGE = "status page"


class EditClosed(ValueError):
    """The comment can no longer be edited: its edit window passed, or it was withdrawn."""


def edit_deadline(comment):
    """Until when the poster may edit the comment's text (COMMENTS_EDIT_MINUTES after posting)."""
    return comment.created_at + timedelta(minutes=settings.COMMENTS_EDIT_MINUTES)


def is_editable(comment, *, now=None):
    return comment.withdrawn_at is None and (now or timezone.now()) < edit_deadline(comment)


@transaction.atomic
def comment_edit(comment, *, body):
    """Replace the comment's text with `body` (cleaned as the comment form cleans it) while
    is_editable(); raises EditClosed after. Returns the comment as stored.

    The text replaced is kept as a CommentRevision for the moderators, with the status it had.
    The edit is triaged and moderated again (moderation.decide_edit): a status it changes is no
    moderator's decision, so the spam filter's label and the moderator are cleared, and the
    moderators are emailed about a comment that waits again, as urgent when the edit brings
    words of distress. Saved through the model: the article's page
    changes at once and the spam filter relearns a labelled comment from its new text only.
    """
    now = timezone.now()
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not is_editable(comment, now=now):
        raise EditClosed("This comment can no longer be edited.")
    body = clean_text(body)
    if body == comment.body:
        return comment
    previous = comment.body
    CommentRevision.objects.create(
        comment=comment, body=previous, status=comment.status, replaced_at=now
    )
    comment.body = body
    comment.edited_at = now
    was_in_distress = triage.in_distress(comment)
    triage.triage(comment)
    newly_in_distress = triage.in_distress(comment) and not was_in_distress
    decision = moderation.decide_edit(comment, previous_body=previous)
    if decision.status != comment.status:
        comment.status = decision.status
        comment.status_reason = decision.reason
        comment.spam_label = Comment.SpamLabel.NONE
        comment.moderated_by = comment.moderated_at = None
        if comment.status == Comment.Status.PENDING and not newly_in_distress:
            after_commit_and_response(lambda: emails.send_moderator_notification(comment))
    if newly_in_distress:
        after_commit_and_response(lambda: emails.send_urgent_moderator_notification(comment))
    comment.save()
    return comment


@transaction.atomic
def comment_anonymise_by_poster(comment):
    """The poster's anonymise: the comment keeps its text and status, but is shown as
    anonymous_name(), and loses its email, website, IP address, user agent and email requests.
    Recorded as an erasure is (_record_poster_erasure)."""
    if comment.withdrawn_at is not None:
        return comment
    _anonymise(comment)
    _record_poster_erasure(comment, privacy.Action.ANONYMISE)
    return comment


@transaction.atomic
def comment_withdraw(comment):
    """The poster's withdrawal: the text, the earlier versions and every personal detail are
    erased, and the spam filter forgets what the comment taught. A comment with replies stays
    in its thread, shown as withdrawn by its author, so the replies still read in place; one
    without replies is removed. Recorded as an erasure is (_record_poster_erasure)."""
    if comment.withdrawn_at is not None:
        return comment
    _withdraw(comment)
    _record_poster_erasure(comment, privacy.Action.WITHDRAW)
    return comment


def _anonymise(comment):
    comment.author_name = anonymous_name()
    _drop_personal_data(comment)
    comment.save()
    _forget_in_admin_log([comment.pk])


def _withdraw(comment):
    comment.body = comment.author_name = ""
    _drop_personal_data(comment)
    comment.spam_label = Comment.SpamLabel.NONE
    comment.withdrawn_at = timezone.now()
    if not withdrawal_keeps_place(comment):
        comment.status = Comment.Status.REMOVED
    comment.revisions.all().delete()
    comment.save()
    _forget_in_admin_log([comment.pk])


def _record_poster_erasure(comment, action):
    """The privacy audit and the erasure ledger name the comment by its keyed hash alone (the
    poster erased one comment, not everything their email wrote): a restore of an older backup
    does it again (comments_erase_again)."""
    now = timezone.now()
    privacy.ledger_append_comment(comment=comment, action=action, at=now)
    privacy.audit_record(
        action=action, comment=comment, comment_count=1, actor=POSTER_ACTOR, via=STATUS_PAGE, at=now
    )


def comments_erase_again(*, erasures, actor, audit=True):
    """Anonymise or withdraw again each comment its poster anonymised or withdrew, as
    `erasures` (the erasure ledger's and audit's) name them by comment hash. Returns how many.
    `manage.py restore` calls it, with commenters_erase_again."""
    wanted = {}
    for digest, action, _at in erasures:
        if digest.startswith(privacy.COMMENT_PREFIX):
            wanted.setdefault(digest, set()).add(action)
    if not wanted:
        return 0
    count = 0
    for comment in Comment.objects.filter(withdrawn_at__isnull=True).iterator():
        actions = set().union(*(wanted.get(d, set()) for d in privacy.comment_hashes(comment)))
        if not actions:
            continue
        with transaction.atomic():
            action = privacy.Action.WITHDRAW
            if action in actions:
                _withdraw(comment)
            elif comment.author_name != anonymous_name() or comment.author_email:
                action = privacy.Action.ANONYMISE
                _anonymise(comment)
            else:
                continue
            if audit:
                privacy.audit_record(
                    action=action, comment=comment, comment_count=1, actor=actor, via="restore"
                )
        count += 1
    return count


def withdrawal_keeps_place(comment):
    """Whether a withdrawn comment stays in its thread: it has replies that readers see, or
    may see once approved (spam and removed ones will not be)."""
    hidden = [Comment.Status.SPAM, Comment.Status.REMOVED]
    return comment.replies.exclude(status__in=hidden).exists()


def _drop_personal_data(comment):
    comment.author_email = comment.author_url = comment.user_agent = ""
    comment.ip_address = None
    comment.notify_on_approval = comment.notify_on_reply = False
    comment.reply_notify_confirmed_at = None


def _forget_in_admin_log(ids):
    """Blank the admin log's copies of these comments' names."""
    with in_site_language():
        erased = gettext("Anonymous (erased)")
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment),
        object_id__in=[str(pk) for pk in ids],
    ).update(object_repr=erased)


@transaction.atomic
def comment_revoke_status_link(comments, *, by):
    """Revoke the status link of the given comments (a moderator's decision, e.g. a link that
    leaked): their old links answer 404 and none is made again. Returns how many changed."""
    changing = list(comments.exclude(status_key=""))
    if not changing:
        return 0
    Comment.objects.filter(pk__in=[comment.pk for comment in changing]).update(status_key="")
    with in_site_language():
        change_message = gettext("Revoked the poster's status link.")
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=changing,
        action_flag=CHANGE,
        change_message=change_message,
    )
    return len(changing)


# Readers' reports (comments/reports.py) -------------------------------------------------------


@transaction.atomic
def comment_report(comment, *, reason, reporter):
    """Record a reader's report of a published comment; returns False if this reader
    (`reporter`, reports.reporter_hash) reported it before: they count once, first reason kept.

    Once COMMENTS_HIDE_AFTER_REPORTS distinct readers have reported it since a moderator last
    decided on it (its moderated_at), the comment is hidden for review (_hide_reported)."""
    _, created = comment.reports.get_or_create(reporter=reporter, defaults={"reason": reason})
    limit = settings.COMMENTS_HIDE_AFTER_REPORTS
    if created and limit:
        reports = comment.reports.all()
        if comment.moderated_at is not None:
            reports = reports.filter(created_at__gte=comment.moderated_at)
        reasons = list(reports.values_list("reason", flat=True))
        if len(reasons) >= limit:
            _hide_reported(comment, reasons)
    return created


def _hide_reported(comment, reasons):
    """Send a published comment back to the moderators (pending), its reason saying why: no
    moderator did it, so the admin log, which needs one, has no entry. Only the report that
    finds it still approved hides it, so the moderators are emailed once."""
    counts = {reason: reasons.count(reason) for reason in reasons}
    with in_site_language():
        why = ", ".join(
            f"{CommentReport.Reason(reason).label.lower()} ({count})"
            for reason, count in counts.items()
        )
        hidden_after = ngettext(
            "Hidden after %(count)s report: %(reasons)s",
            "Hidden after %(count)s reports: %(reasons)s",
            len(reasons),
        )
        status_reason = (hidden_after % {"count": len(reasons), "reasons": why})[:200]
    hidden = Comment.objects.filter(pk=comment.pk, status=Comment.Status.APPROVED).update(
        status=Comment.Status.PENDING,
        status_reason=status_reason,
        moderated_by=None,
        moderated_at=None,
    )
    if hidden:
        comment.refresh_from_db()
        after_commit_and_response(lambda: emails.send_moderator_notification(comment))


# The moderation queue's decisions (comments/queue.py): decline with a reason, approve with
# parts removed, and undo -----------------------------------------------------------------------

# How long a queue decision can be undone (undo_token): long enough to notice a slip.
UNDO_SECONDS = 5 * 60
UNDO_SALT = "comments.services.undo"
# What stands in a comment's text for each part a moderator removed, in the site's language.
REDACTED = gettext_noop("[removed by moderator: {reason}]")


class UndoExpired(ValueError):
    """The undo came too late, or its token was not made by this site."""


def undo_token(comments, *, status):
    """A signed token that undoes moving `comments` to `status` within UNDO_SECONDS: each
    comment's status, spam-filter label, decline reason and note as they are now (made before
    the move). No model is needed: the token carries what to put back, and its time."""
    rows = comments.values_list("pk", "status", "spam_label", "decline_reason", "decline_note")
    return signing.dumps({"to": status, "was": [list(row) for row in rows]}, salt=UNDO_SALT)


@transaction.atomic
def comment_undo(*, token, by):
    """Put back the comments of an undo_token() as they were; returns how many.

    Only a comment that still has the status the decision gave it goes back (a later decision
    stands). Its status goes back through comment_set_status (recorded; the approval email,
    if one went, cannot be called back), then its spam-filter label, saved through the model so
    the filter unlearns what the decision taught. Raises UndoExpired after UNDO_SECONDS."""
    try:
        data = signing.loads(token, salt=UNDO_SALT, max_age=UNDO_SECONDS)
    except signing.BadSignature:
        # Shown to the moderator who clicked Undo, in their language.
        raise UndoExpired(gettext("This can no longer be undone.")) from None
    was = {pk: rest for pk, *rest in data["was"]}
    changed = Comment.objects.select_for_update().filter(pk__in=list(was), status=data["to"])
    undone = []
    for comment in changed:
        status, spam_label, decline_reason, decline_note = was[comment.pk]
        comment_set_status(Comment.objects.filter(pk=comment.pk), status=status, by=by)
        comment.refresh_from_db()
        comment.spam_label = spam_label
        comment.decline_reason, comment.decline_note = decline_reason, decline_note
        comment.save(update_fields=["spam_label", "decline_reason", "decline_note"])
        undone.append(comment)
    if undone:
        with in_site_language():
            change_message = gettext("Undid the last decision on it.")
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=undone,
            action_flag=CHANGE,
            change_message=change_message,
        )
    return len(undone)


@transaction.atomic
def comment_decline(comments, *, reason, note="", by):
    """Decline the comments: removed, with a reason (DeclineReason) and an optional note that
    their posters read on their status pages. Removed whatever the reason, advertising too:
    Spam stays its own decision, the one that teaches the spam filter. Returns how many."""
    reason = DeclineReason(reason)
    ids = list(comments.values_list("pk", flat=True))
    declined = Comment.objects.filter(pk__in=ids)
    declined.update(decline_reason=reason, decline_note=clean_text(note)[:300])
    comment_set_status(declined, status=Comment.Status.REMOVED, by=by)
    with in_site_language():
        change_message = gettext("Declined: %(reason)s.") % {"reason": reason.label.lower()}
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=list(declined),
        action_flag=CHANGE,
        change_message=change_message,
    )
    return len(ids)


@transaction.atomic
def comment_approve_redacted(comment, *, spans, reason, by):
    """Approve the comment with the parts of its text at `spans` ((start, end) offsets into
    `comment.body` as the caller read it) replaced by REDACTED with the reason's label.

    The removed text is kept nowhere: no earlier version is made, the earlier versions that
    hold a removed part are deleted, and the admin log says how many parts and why, not what.
    The text is saved through the model before the approval, so the spam filter learns the
    text as published. Raises ValueError if the text changed since the caller read it."""
    reason = DeclineReason(reason)
    stored = Comment.objects.select_for_update().get(pk=comment.pk)
    if stored.body != comment.body:
        raise ValueError("The comment's text changed meanwhile.")
    text, pieces, at = stored.body, [], 0
    removed = [text[start:end] for start, end in spans]
    with in_site_language():
        label = reason.label.lower()
        mark = gettext(REDACTED).format(reason=label)
        change_message = ngettext(
            "Approved with %(count)s part removed: %(reason)s.",
            "Approved with %(count)s parts removed: %(reason)s.",
            len(spans),
        ) % {"count": len(spans), "reason": label}
    for start, end in spans:
        pieces += [text[at:start], mark]
        at = end
    stored.body = "".join([*pieces, text[at:]])
    stored.save(update_fields=["body"])
    old_versions = [v.pk for v in stored.revisions.all() if any(p in v.body for p in removed)]
    CommentRevision.objects.filter(pk__in=old_versions).delete()
    comment_set_status(Comment.objects.filter(pk=stored.pk), status=Comment.Status.APPROVED, by=by)
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[stored],
        action_flag=CHANGE,
        change_message=change_message,
    )
    stored.refresh_from_db()
    return stored
