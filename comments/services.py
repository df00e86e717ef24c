"""Writes on comments: creating one from a reader's post and changing statuses."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone

from . import moderation
from .models import Comment


def comment_create(*, article, data, ip_address=None, user_agent="", parent=None):
    """Store a reader's comment with the status the moderation rules decide."""
    comment = Comment(
        article=article,
        parent=parent,
        ip_address=ip_address,
        user_agent=user_agent[:300],
        **data,
    )
    decision = moderation.decide(comment)
    comment.status = decision.status
    comment.status_reason = decision.reason
    comment.save()
    return comment


@transaction.atomic
def comment_set_status(comments, *, status, by):
    """Move the given comments to `status`, recording who did it; returns how many changed.

    Comments already in that status are left as they are, so the count is what really changed.
    """
    changing = list(comments.exclude(status=status).select_related("article"))
    if not changing:
        return 0
    now = timezone.now()
    for comment in changing:
        comment.status = status
        comment.moderated_by = by
        comment.moderated_at = now
    Comment.objects.bulk_update(changing, ["status", "moderated_by", "moderated_at"])
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=changing,
        action_flag=CHANGE,
        change_message=f"Set status to {Comment.Status(status).label.lower()}.",
    )
    return len(changing)
