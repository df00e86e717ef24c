"""What the site keeps about a commenter, as data they can be given (export_commenter and the
admin's export action). Erasing lives with the other writes, in services.py."""

from .models import Comment


def commenter_export(email):
    """Everything kept about the person who commented with `email`, as JSON-ready data."""
    comments = Comment.objects.by_email(email).select_related("article").order_by("created_at")
    return {
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
