"""The one place that decides what happens to a new comment, and records why."""

from dataclasses import dataclass

from .models import Comment


@dataclass(frozen=True)
class Decision:
    status: str
    reason: str


def decide(comment):
    """Decide the status of a comment that is about to be stored.

    Every comment waits for a moderator; the reason is shown in the admin.
    """
    return Decision(Comment.Status.PENDING, "Waiting for a moderator.")
