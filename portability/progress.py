"""A progress bar for the import commands, drawn on a terminal only: when the output goes to a
file, a pipe or CI, nothing is drawn and the command's summary is all that is written."""

import time

from django.core.management.base import OutputWrapper

REDRAW_INTERVAL = 0.1  # seconds: a terminal redrawn more often only flickers
BAR_WIDTH = 30


class ProgressBar:
    """`stream` is a text stream, or a management command's `self.stderr` (an OutputWrapper,
    which otherwise ends every write with a newline and colours what goes to stderr)."""

    def __init__(self, stream, total_bytes, label):
        self.stream = stream
        self.total_bytes = total_bytes
        self.label = label
        self.drawing = stream.isatty()
        self.last_drawn_at = None
        self.done = 0

    def update(self, done):
        self.done = done
        now = time.monotonic()
        if not self.drawing or (
            self.last_drawn_at is not None and now - self.last_drawn_at < REDRAW_INTERVAL
        ):
            return
        self.last_drawn_at = now
        self._draw()

    def finish(self):
        """Draw the bar as it ends (full, or where a broken file stopped it) and end its
        line, so that what follows starts on a line of its own."""
        if not self.drawing:
            return
        self._draw()
        self._write("\n")

    def _draw(self):
        if self.total_bytes:
            fraction = min(self.done / self.total_bytes, 1)
            filled = round(fraction * BAR_WIDTH)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            line = f"{self.label} [{bar}] {fraction:4.0%} of {self.total_bytes / 1_000_000:.1f} MB"
        else:
            line = f"{self.label} {self.done / 1_000_000:.1f} MB read"
        # "\r" returns to the start of the line; "\x1b[K" erases what a longer line left.
        self._write(f"\r{line}\x1b[K")

    def _write(self, text):
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, style_func=str, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()
