from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from comments import privacy
from comments.services import commenters_erase_again, comments_erase_again
from hfs_site.backups import restore_database


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup made by `manage.py backup`, then erase "
        "again every commenter the erasure ledger (ERASURE_LEDGER_PATH) names."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, path, yes, **options):
        if not yes and input(f"Replace the database with {path}? Type 'yes': ") != "yes":
            raise CommandError("Restore cancelled.")
        # Erasures are read before the database is replaced: the ledger file, and those the
        # database being replaced records, in case it knows one the ledger's copy does not.
        erasures = privacy.ledger_read() | privacy.erasures_in_database()
        try:
            restore_database(path)
        except FileNotFoundError as error:
            raise CommandError(f"No backup at {error}") from error
        # Pages kept before the restore show the database as it was, and the backup brings back
        # page versions they may have been kept under: new versions retire every one of them.
        # The cache itself is left alone (clearing it would wipe other sites sharing a Redis).
        Article.objects.pages_changed()
        # The backup may hold commenters erased after it was taken: they are erased again.
        again = {
            "erasures": erasures,
            "actor": privacy.command_line_actor(),
            "audit": privacy.audit_table_exists(),
        }
        # And the comments their posters anonymised or withdrew from their status pages.
        count = commenters_erase_again(**again) + comments_erase_again(**again)
        self.stdout.write(self.style.SUCCESS(f"Database restored from {path}"))
        if count:
            self.stdout.write(
                f"Erased again {count} comment{'s' * (count != 1)} by commenters the erasure "
                "ledger names."
            )
