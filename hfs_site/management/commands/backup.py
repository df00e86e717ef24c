from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from hfs_site.backups import backup_database


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database while the site runs (SQLite online backup, "
        "or pg_dump for PostgreSQL). Default: backups/hfs-<date>.<ext> in the project folder."
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
            folder.mkdir(exist_ok=True)
            path = folder / f"hfs-{stamp}.{vendor_ext}"
        backup_database(str(path))
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
