import io
from pathlib import Path

from django.core.management.base import BaseCommand

from portability.export import write_json, write_wxr

WRITERS = {"wxr": write_wxr, "json": write_json}


class Command(BaseCommand):
    help = (
        "Write every article and comment, whatever its status, as WXR (which WordPress and "
        "import_wordpress read) or as JSON (docs/export.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(WRITERS), required=True)
        parser.add_argument(
            "--output",
            metavar="FILE",
            help="Write to this file (UTF-8) instead of the standard output.",
        )

    def handle(self, *args, format, output, **options):
        write = WRITERS[format]
        if output:
            # Written beside it and renamed when complete: a failed export leaves no half
            # file, nor replaces an earlier one.
            partial = Path(f"{output}.partial")
            try:
                with partial.open("w", encoding="utf-8", newline="\n") as out:
                    write(out)
                partial.replace(output)
            finally:
                partial.unlink(missing_ok=True)
        elif buffer := getattr(self.stdout, "buffer", None):
            # A terminal's or a pipe's bytes, in UTF-8 whatever the locale's encoding.
            self.stdout.flush()
            out = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n")
            write(out)
            out.detach()  # flushes, and leaves the command's output open
        else:
            write(_TextOutput(self.stdout))  # the text stream a caller passed (call_command)
        self.stderr.write(
            "The export holds commenters' email addresses and IP addresses: personal data, "
            "to be kept and shared with the same care as the site's database."
        )


class _TextOutput(io.TextIOBase):
    """A command's output written as it comes, with no line end added to each piece."""

    def __init__(self, stdout):
        self.stdout = stdout

    def write(self, text):
        self.stdout.write(text, ending="")
        return len(text)
