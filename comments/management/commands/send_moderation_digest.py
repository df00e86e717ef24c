from django.core.management.base import BaseCommand

from comments.digest import send_digests


class Command(BaseCommand):
    help = (
        "Email the moderators who chose a daily digest the comments that wait, once a day each. "
        "Meant to run daily (deploy/systemd/hfs-moderation-digest.timer); a second run on the "
        "same day sends nothing."
    )

    def handle(self, *args, **options):
        count = send_digests()
        noun = "digest" if count == 1 else "digests"
        self.stdout.write(f"Sent {count} moderation {noun}.")
