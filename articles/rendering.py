"""Turn an article's Markdown body into safe HTML, with its video blocks in place and its
citations of sources ([1]) linked to them."""

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
CITATION = re.compile(r"\[([1-9][0-9]{0,3})\]")
# A tag of the cleaned HTML, whose attribute values nh3 always writes in double quotes.
TAG = re.compile(r'<(/?)([a-z0-9]*)[^>"]*(?:"[^"]*"[^>"]*)*>')
# Inside these a [1] is not a citation: it is code, or already the text of a link.
NOT_CITING = {"a", "code", "pre"}


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


def link_citations(parts, count):
    """Link each [n] of the body's text to the n-th of the article's `count` sources, listed
    under it with the id source-n; the first [n] gets the id cite-n, which the source links
    back to. A number with no source stays plain text, as does a [n] in code or in a link's
    text.

    Takes and returns render_body()'s parts, with the numbers cited, in the order first cited.
    """
    cited = []

    def link(match):
        number = int(match[1])
        if number > count:
            return match[0]
        first = number not in cited
        if first:
            cited.append(number)
        anchor = f' id="cite-{number}"' if first else ""
        return f'<a class="citation" href="#source-{number}"{anchor}>{match[0]}</a>'

    if not count:
        return parts, cited
    linked = [(kind, _in_text(part, link) if kind == "html" else part) for kind, part in parts]
    return linked, cited


def _in_text(html, replace):
    """`html` with CITATION replaced in its text, outside the NOT_CITING elements."""
    pieces, inside, position = [], 0, 0
    for tag in TAG.finditer(html):
        text = html[position : tag.start()]
        pieces += [CITATION.sub(replace, text) if not inside else text, tag[0]]
        if tag[2] in NOT_CITING:
            inside += -1 if tag[1] else 1
        position = tag.end()
    text = html[position:]
    pieces.append(CITATION.sub(replace, text) if not inside else text)
    return "".join(pieces)
