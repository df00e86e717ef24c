from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from comments.services import comment_purge_ips


class Command(BaseCommand):
    help = (
        "Blank the IP address and user agent of comments older than --days "
        "(default COMMENTS_IP_RETENTION_DAYS, 90). Meant for a daily cron job."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.COMMENTS_IP_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        count = comment_purge_ips(older_than=timezone.now() - timezone.timedelta(days=days))
        noun = "comment" if count == 1 else "comments"
        self.stdout.write(f"Blanked the IP address and user agent of {count} {noun}.")
