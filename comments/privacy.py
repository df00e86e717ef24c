"""What the site keeps about a commenter, as data they can be given (export_commenter and the
admin's export action), and what it keeps about exports and erasures without naming anyone:
the privacy audit (PrivacyAudit rows) and the erasure ledger (a file outside the database, so
a restore cannot bring an erased commenter back). Erasing lives with the other writes, in
services.py.

Both name a commenter only by email_hash(): an HMAC of the lowercased email under the secret
key, which no one without the key can reverse or test a guessed address against.
"""

import getpass
import os
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Comment, PrivacyAudit

HASH_SALT = "comments.privacy.email"
COMMENT_SALT = "comments.privacy.comment"
COMMENT_PREFIX = "c:"
Action = PrivacyAudit.Action
# What an erasure ledger line (and the audit) may record being done: to every comment of a
# commenter (anonymise, delete; named by email hash) or to one (anonymise, withdraw; by comment
# hash).
ERASURES = (Action.ANONYMISE, Action.DELETE, Action.WITHDRAW)


def email_hash(email, *, secret=None):
    """The keyed hash that stands for a commenter in the audit and the ledger."""
    normalised = email.strip().lower()
    return salted_hmac(HASH_SALT, normalised, secret=secret, algorithm="sha256").hexdigest()


def comment_hash(comment, *, secret=None):
    """The keyed hash that stands for one comment (a poster's own anonymise or withdrawal, from
    its status page): prefixed, so it is never taken for a commenter's email hash."""
    value = f"{comment.pk}:{comment.created_at.isoformat()}"
    digest = salted_hmac(COMMENT_SALT, value, secret=secret, algorithm="sha256").hexdigest()
    return f"{COMMENT_PREFIX}{digest[:60]}"


def comment_hashes(comment):
    """The comment's hash under the secret key and each older key still accepted."""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return {comment_hash(comment, secret=key) for key in keys}


def email_hashes(email):
    """The email's hash under the secret key and under each older key still accepted
    (SECRET_KEY_FALLBACKS), so a rotated key still finds the ledger's older entries."""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return {email_hash(email, secret=key) for key in keys}


def command_line_actor():
    """Who runs a management command: the operating-system user."""
    try:
        user = getpass.getuser()
    except OSError:
        user = f"uid {os.getuid()}"
    return f"command line ({user})"


def audit_record(*, action, email=None, comment=None, comment_count, actor, via, at=None):
    """Record an export or erasure of the commenter with `email`, or of one `comment` by its
    poster, named only by the keyed hash of either."""
    return PrivacyAudit.objects.create(
        action=action,
        email_hash=email_hash(email) if comment is None else comment_hash(comment),
        comment_count=comment_count,
        actor=str(actor)[:150],
        via=via,
        at=at or timezone.now(),
    )


# The erasure ledger --------------------------------------------------------------------------
#
# One line per erasure: "<email hash> <anonymise|delete> <time>", or for one comment its poster
# anonymised or withdrew, "c:<comment hash> <anonymise|withdraw> <time>". Appended in the
# erasure's own transaction (a ledger that cannot be written fails the erasure rather than
# forget it), read by `manage.py restore`, which erases again the comments each line names that
# were posted by then (someone erased who comes back later keeps their new comments).


def ledger_path():
    return Path(settings.ERASURE_LEDGER_PATH)


def ledger_append(*, email, delete, at):
    action = Action.DELETE if delete else Action.ANONYMISE
    _ledger_write(f"{email_hash(email)} {action} {at.isoformat()}\n")


def ledger_append_comment(*, comment, action, at):
    """One comment anonymised or withdrawn by its poster (a line with its comment_hash)."""
    _ledger_write(f"{comment_hash(comment)} {action} {at.isoformat()}\n")


def _ledger_write(line):
    path = ledger_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="ascii") as ledger:
        ledger.write(line)
        ledger.flush()
        os.fsync(ledger.fileno())


def ledger_read():
    """The ledger's erasures: a set of (email hash, "anonymise" | "delete", time)."""
    try:
        lines = ledger_path().read_text(encoding="ascii").splitlines()
    except FileNotFoundError:
        return set()
    erasures = set()
    for line in lines:
        digest, action, when = [*line.split(" ", 2), "", ""][:3]
        try:
            at = datetime.fromisoformat(when)
        except ValueError:
            continue
        if action in ERASURES and timezone.is_aware(at):
            erasures.add((digest, action, at))
    return erasures


def audit_table_exists():
    """Whether the database has the privacy audit's table (a backup may predate it)."""
    return PrivacyAudit._meta.db_table in connection.introspection.table_names()


def erasures_in_database():
    """The erasures the privacy audit in the database records, as ledger_read() gives them;
    none when the database has no audit table (yet, or any more)."""
    if not audit_table_exists():
        return set()
    rows = PrivacyAudit.objects.filter(action__in=ERASURES)
    return set(rows.values_list("email_hash", "action", "at"))


@transaction.atomic
def commenter_export(email, *, actor, via):
    """Everything kept about the person who commented with `email`, as JSON-ready data.

    The export is recorded in the privacy audit: `actor` did it through `via`.
    """
    comments = (
        Comment.objects.by_email(email)
        .select_related("article")
        .prefetch_related("revisions")
        .order_by("created_at")
    )
    data = {
        "email": email.strip().lower(),
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.title,
                "article_url": comment.article.get_absolute_url(),
                "in_reply_to": comment.parent_id,
                "name": comment.author_name,
                "email": comment.author_email,
                "website": comment.author_url,
                "text": comment.body,
                "posted_at": comment.created_at.isoformat(),
                "status": comment.status,
                "status_reason": comment.status_reason,
                "ip_address": comment.ip_address,
                "user_agent": comment.user_agent,
                "email_on_approval": comment.notify_on_approval,
                "approval_email_sent_at": _isoformat(comment.approval_notified_at),
                "email_on_replies": comment.notify_on_reply,
                "reply_emails_confirmed_at": _isoformat(comment.reply_notify_confirmed_at),
                "edited_at": _isoformat(comment.edited_at),
                "earlier_versions": [
                    {"text": revision.body, "replaced_at": revision.replaced_at.isoformat()}
                    for revision in comment.revisions.all()
                ],
            }
            for comment in comments
        ],
    }
    if email.strip():
        audit_record(
            action=Action.EXPORT,
            email=email,
            comment_count=len(data["comments"]),
            actor=actor,
            via=via,
        )
    return data


def _isoformat(moment):
    return moment.isoformat() if moment else None
