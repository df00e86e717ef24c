"""What the import commands share (import_wordpress, import_disqus): a FILE, --dry-run, a
progress bar on a terminal, the summary at the end, and a clear error that names the line when
the file cannot be imported, in which case nothing of it is kept."""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from .importer import import_records
from .progress import ProgressBar
from .records import ImportFailed


@dataclass
class ImportPlan:
    """What a command hands to the writer: where the file came from, its records (read as the
    writer asks for them), and the writer's options for this format."""

    source: str
    records: object
    writer_options: dict = field(default_factory=dict)


class ImportCommand(BaseCommand):
    """A subclass names what it reads (`progress_label`) and says how in `plan()`."""

    progress_label = "Reading"

    def add_arguments(self, parser):
        parser.add_argument("file", help="The export file (XML).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do the whole import and print its summary, but save nothing.",
        )

    def plan(self, path, *, on_progress, **options):
        """The ImportPlan for the file at `path`; `on_progress(bytes_read, total_bytes)` is to
        be called as it is read."""
        raise NotImplementedError

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: there is no such file.")
        bar = ProgressBar(self.stderr, path.stat().st_size, self.progress_label)
        try:
            plan = self.plan(path, on_progress=lambda done, total: bar.update(done), **options)
            summary = import_records(
                plan.records, source=plan.source, dry_run=dry_run, **plan.writer_options
            )
        except ImportFailed as error:
            if bar.drawing:
                self.stderr.write("")  # the error on a line of its own, after the bar
            raise CommandError(f"{file}, {error}. Nothing was imported.") from None
        bar.finish()
        self.stdout.write("\n".join(summary.lines()))
