from django.core.management.base import BaseCommand

from comments.models import Comment
from comments.triage import triage


class Command(BaseCommand):
    help = (
        "Set the triage tags and risk of every comment again from its text (comments/triage.py), "
        "e.g. after the detectors changed or on comments older than triage. Sends no email and "
        "changes no status."
    )

    def handle(self, *args, **options):
        changed = []
        comments = Comment.objects.only("body", "author_url", "tags", "risk")
        for comment in comments.iterator(chunk_size=1000):
            before = (comment.tags, comment.risk)
            triage(comment)
            if (comment.tags, comment.risk) != before:
                changed.append(comment)
        Comment.objects.bulk_update(changed, ["tags", "risk"], batch_size=1000)
        noun = "comment" if len(changed) == 1 else "comments"
        self.stdout.write(f"Triaged every comment again: {len(changed)} {noun} changed.")
