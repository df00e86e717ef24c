from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from hfs_site.backups import backup_database


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database while the site runs (SQLite online backup, "
        "or pg_dump for PostgreSQL), readable by its owner only. Default: backups/hfs-<date>.<ext> "
        "in the project folder (made 0700)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Where to write the backup.")

    def handle(self, *args, path=None, **options):
        if path is None:
            vendor_ext = (
                "sqlite3" if "sqlite" in settings.DATABASES["default"]["ENGINE"] else "dump"
            )
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            folder = Path(settings.BASE_DIR) / "backups"
            # The backups are private (0600, hfs_site/backups.py); their folder is too.
            folder.mkdir(mode=0o700, exist_ok=True)
            folder.chmod(0o700)
            path = folder / f"hfs-{stamp}.{vendor_ext}"
        backup_database(str(path))
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
