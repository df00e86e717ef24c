"""Cleaning what readers type: the form and the services use the same rules."""

import re
import unicodedata

# Control characters other than tab and newline, and the invisible characters that reorder
# or hide text (bidi overrides, zero-width joiners) which can disguise a name.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
INVISIBLE_CHARS = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean_text(value):
    """Normalise line endings and drop control characters; keeps emoji and every script."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return CONTROL_CHARS.sub("", value).strip()


def clean_single_line(value):
    """A name is one line of visible text: no newlines (so no email header injection)."""
    return " ".join(INVISIBLE_CHARS.sub("", clean_text(value)).split())
