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
Action = PrivacyAudit.Action


def email_hash(email, *, secret=None):
    """The keyed hash that stands for a commenter in the audit and the ledger."""
    normalised = email.strip().lower()
    return salted_hmac(HASH_SALT, normalised, secret=secret, algorithm="sha256").hexdigest()


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


def audit_record(*, action, email, comment_count, actor, via, at=None):
    """Record an export or erasure of the commenter with `email`, named only by its hash."""
    return PrivacyAudit.objects.create(
        action=action,
        email_hash=email_hash(email),
        comment_count=comment_count,
        actor=str(actor)[:150],
        via=via,
        at=at or timezone.now(),
    )


# The erasure ledger --------------------------------------------------------------------------
#
# One line per erasure: "<email hash> <anonymise|delete> <time>". Appended in the erasure's own
# transaction (a ledger that cannot be written fails the erasure rather than forget it), read by
# `manage.py restore`, which erases again the comments each line names that were posted by then
# (someone erased who comes back later keeps their new comments).


def ledger_path():
    return Path(settings.ERASURE_LEDGER_PATH)


def ledger_append(*, email, delete, at):
    path = ledger_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    action = Action.DELETE if delete else Action.ANONYMISE
    line = f"{email_hash(email)} {action} {at.isoformat()}\n"
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
        if action in (Action.ANONYMISE, Action.DELETE) and timezone.is_aware(at):
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
    rows = PrivacyAudit.objects.filter(action__in=[Action.ANONYMISE, Action.DELETE])
    return set(rows.values_list("email_hash", "action", "at"))


@transaction.atomic
def commenter_export(email, *, actor, via):
    """Everything kept about the person who commented with `email`, as JSON-ready data.

    The export is recorded in the privacy audit: `actor` did it through `via`.
    """
    comments = Comment.objects.by_email(email).select_related("article").order_by("created_at")
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
                "approval_email_sent_at": (
                    comment.approval_notified_at.isoformat()
                    if comment.approval_notified_at
                    else None
                ),
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
