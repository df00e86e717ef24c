"""Turn an article's Markdown body into safe HTML, with its video blocks in place."""

import re
from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "blockquote",
    "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "abbr", "sup", "sub",
    "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
VIDEO_MARKER = re.compile(r"<p>\[video:\s*([-\w]+)\s*\]</p>")


@lru_cache(maxsize=64)
def markdown_to_html(text):
    """Render Markdown and keep only the tags an article needs (no raw HTML, no scripts)."""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )


def render_body(text, videos):
    """Split the rendered body at `[video: key]` lines.

    Returns a list of ("html", str) and ("video", Video) pairs. A marker whose video is
    missing, or has no usable address yet and no editor's note to show in its place, is
    dropped, so readers never see a broken block.
    """
    pieces = VIDEO_MARKER.split(markdown_to_html(text))
    parts = []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            if piece.strip():
                parts.append(("html", piece))
        elif (video := videos.get(piece)) and (video.source or video.missing_note):
            parts.append(("video", video))
    return parts
