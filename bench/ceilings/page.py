"""The page both ceilings serve: plain HTML padded to an exact size in bytes."""

import os

DEFAULT_BYTES = 16 * 1024
MAX_BYTES = 32 * 1024 * 1024
TOKEN_SLOT = "{csrf_form}"

HEAD = (
    '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">'
    "<title>Reference ceiling</title></head>\n<body>\n<main>\n"
)
TAIL = "</main>\n</body>\n</html>\n"
FILLER = "<p>Hemifacial spasm: twitching on one side of the face, often starting at the eye.</p>\n"


def page_bytes(query_string=""):
    """The size asked for: `?bytes=N` on the request, else BENCH_PAGE_BYTES, else 16 KiB."""
    for pair in query_string.split("&"):
        name, _, value = pair.partition("=")
        if name == "bytes" and value.isdigit():
            return min(int(value), MAX_BYTES)
    return min(int(os.environ.get("BENCH_PAGE_BYTES") or DEFAULT_BYTES), MAX_BYTES)


def padded_page(size, *, slot="", slot_bytes=0):
    """ASCII HTML of exactly `size` bytes once `slot` (a placeholder in it) is replaced by text
    of `slot_bytes` bytes. Shorter than its own head and tail, it is cut to size."""
    fixed = len(HEAD) + len(slot) + len(TAIL)
    room = size - fixed - slot_bytes + len(slot)
    if room < 0:
        return (HEAD + slot + TAIL)[: max(0, size - slot_bytes + len(slot))]
    filler = (FILLER * (room // len(FILLER) + 1))[:room]
    return HEAD + slot + filler + TAIL
