"""The daily digest of waiting comments, for the moderators who chose it over an email per
comment (ModeratorPreference). `manage.py send_moderation_digest` runs it once a day."""

from django.db.models import Q
from django.utils import timezone

from . import emails
from .models import Comment, ModeratorPreference

# A digest names this many comments, riskiest first, and counts the others.
LISTED = 50


def send_digests(*, now=None):
    """Email today's digest to each moderator who chose one and has not had it today (in
    TIME_ZONE); returns how many went. Nothing waiting: nothing is sent.

    Each moderator is claimed by a conditional update before the email goes, so two runs at
    once send it once; a digest the mail server refused is released for the next run.
    """
    now = now or timezone.now()
    waiting = Comment.objects.pending()
    total = waiting.count()
    if not total:
        return 0
    listed = list(waiting.select_related("article").order_by("-risk", "created_at")[:LISTED])
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    due = ModeratorPreference.objects.filter(
        Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=today),
        notify=ModeratorPreference.Notify.DIGEST,
        user__in=emails.moderators().exclude(email=""),
    ).select_related("user")
    sent = 0
    for preference in due:
        claim = ModeratorPreference.objects.filter(pk=preference.pk)
        if not claim.filter(last_digest_at=preference.last_digest_at).update(last_digest_at=now):
            continue  # another run has just sent it
        if emails.send_moderation_digest(preference.user.email, listed, total=total):
            sent += 1
        else:
            claim.filter(last_digest_at=now).update(last_digest_at=preference.last_digest_at)
    return sent
