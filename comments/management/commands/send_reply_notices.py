from django.core.management.base import BaseCommand

from comments.notifications import send_waiting


class Command(BaseCommand):
    help = (
        "Email each poster the replies to their comment that wait, once "
        "COMMENTS_REPLY_EMAIL_INTERVAL has passed since their last reply email. Meant to run "
        "every few minutes (cron, or deploy/systemd/hfs-reply-emails.timer)."
    )

    def handle(self, *args, **options):
        count = send_waiting()
        noun = "email" if count == 1 else "emails"
        self.stdout.write(f"Sent {count} reply {noun}.")
