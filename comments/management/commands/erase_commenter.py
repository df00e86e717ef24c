from django.core.management.base import BaseCommand, CommandError

from comments.privacy import command_line_actor
from comments.services import commenter_erase


class Command(BaseCommand):
    help = (
        "Anonymise every comment left with this email address: the name becomes “Anonymous”; "
        "email, website, IP address and user agent are blanked; the text stays. With --delete, "
        "delete the comments (and the replies under them) instead. The erasure is written to the "
        "erasure ledger (a restore erases them again) and the privacy audit."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--delete", action="store_true", help="Delete instead of anonymise.")

    def handle(self, *args, email, delete, **options):
        if not email.strip():
            raise CommandError("Give the commenter's email address.")
        count = commenter_erase(
            email=email, delete=delete, actor=command_line_actor(), via="erase_commenter"
        )
        noun = "comment" if count == 1 else "comments"
        self.stdout.write(f"{'Deleted' if delete else 'Anonymised'} {count} {noun} by {email}.")
