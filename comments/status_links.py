"""Each comment's private status link: the address where its poster follows what became of it,
and edits, anonymises or withdraws it (comments/status_views.py), with no account.

The link is /comments/<id>/status/<token>/, the token a keyed hash (the secret key) of the
comment's id, time and `status_key`, a random value of its own: no one without the secret key
can make one, a restored database's comment with the same id does not match it, and a
moderator revokes it by emptying `status_key` (comment_revoke_status_link), after which the
comment has no status link at all.
"""

from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Comment

SALT = "comments.status-link"


def status_token(comment):
    """The comment's token, or "" when its link was revoked."""
    if not comment.status_key:
        return ""
    value = f"{comment.pk}:{comment.created_at.isoformat()}:{comment.status_key}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:32]


def status_url(comment):
    """The comment's status page (a path), or "" when its link was revoked."""
    token = status_token(comment)
    if not token:
        return ""
    return reverse("comments:status", kwargs={"pk": comment.pk, "token": token})


def comment_for_token(pk, token):
    """The comment whose status link this is, or None (no such comment, revoked, tampered)."""
    comment = Comment.objects.select_related("article").filter(pk=pk).first()
    if comment is None or not token:
        return None
    expected = status_token(comment)
    if not expected or not constant_time_compare(expected, token):
        return None
    return comment
