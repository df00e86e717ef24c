"""WordPress content in the site's formats: a post's HTML as article Markdown, a comment's
HTML as the site's plain text.

Pure functions (no database): the WXR reader calls them for every post and comment, and the
writer may call `rewrite_links` again once every new address is known.

Posts are stored by WordPress as written in its editor, and shown through filters we replay
here: `wpautop` (a blank line is a paragraph, a single newline a line break), shortcodes, and
oEmbed (a YouTube or Vimeo address on a line of its own becomes a player). The Markdown we
write must show readers exactly the text WordPress showed them, decoded once: every character
Markdown would read as syntax is escaped, nothing else.
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import markdown as python_markdown

from articles.videos import video_source

from .records import VideoRecord

# --- Posts -------------------------------------------------------------------------------

# Markers inside rendered inline Markdown, resolved when the paragraphs are assembled.
LINE_BREAK = "\x01"  # a <br>
PARAGRAPH_BREAK = "\x02"
NEWLINE = "\x04"  # a newline in the text: a line break, unless it follows a <br>
BREAKS = f"[{LINE_BREAK}{PARAGRAPH_BREAK}{NEWLINE}]"
LINE_EMBED_TOKEN = re.compile("\x03(\\d+)\x03")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
# Never shown, nor their text: code, styling, forms, players we cannot keep.
DROPPED_TAGS = {
    "script", "style", "form", "noscript", "template", "svg", "math", "select", "textarea",
    "button", "input", "head", "title", "meta", "link", "canvas", "map", "audio", "video",
    "applet", "frameset", "frame", "dialog",
}  # fmt: skip
EMBED_TAGS = {"iframe", "object", "embed"}  # a video block when they hold one
VIDEO_PLACEHOLDER = "hfs-video"  # what a video shortcode becomes before the HTML is parsed
FIGURE_PLACEHOLDER = "hfs-figure"  # what [caption] becomes
BLOCK_TAGS = {
    "p", "div", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "hr", "table", "figure", "figcaption", "dl", "dt", "dd", "section", "article", "aside",
    "header", "footer", "nav", "main", "address", "center", "details", "summary",
    FIGURE_PLACEHOLDER, VIDEO_PLACEHOLDER, *EMBED_TAGS,
}  # fmt: skip
HEADING_LEVELS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}  # the site's h2 to h4
IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp|svg|tiff?)$", re.IGNORECASE)

# Shortcodes: [name attributes], [name /], [/name]; names as WordPress allows them.
SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:[\s=/][^\[\]]*)?)\]")
ESCAPED_SHORTCODE = re.compile(r"\[(\[[A-Za-z][\w-]*(?:[\s=/][^\[\]]*)?\])\]")
ENCLOSING_SHORTCODE = re.compile(
    r"\[(embed|caption|wp_caption|youtube|vimeo|video)((?:[\s=][^\[\]]*)?)\](.*?)\[/\1\]",
    re.DOTALL | re.IGNORECASE,
)
SINGLE_VIDEO_SHORTCODE = re.compile(r"\[(youtube|vimeo|video)((?:[\s=][^\[\]]*)?)\]", re.IGNORECASE)
# A name=value attribute; WordPress's texturize sometimes curled the quotes around values.
SHORTCODE_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|[“”″]([^“”″]*)[“”″]|(&\#822[01];.*?&\#822[01];)"""
    r"""|([^\s"'\]]+))"""
)
QUOTED_ATTRIBUTE = re.compile(r"""[\w-]+\s*=\s*["'“”″]""")
# Shortcodes of WordPress itself and of the common plugins: removed even without attributes.
KNOWN_SHORTCODES = {
    "gallery", "playlist", "audio", "video", "embed", "caption", "wp_caption", "youtube",
    "vimeo", "contact-form-7", "contact-form", "contact-field", "gravityform", "gravityforms",
    "wpforms", "ninja_form", "ninja_forms", "mc4wp_form", "googlemaps", "soundcloud",
    "slideshow", "slideshare", "polldaddy", "crowdsignal", "instagram", "tweet", "spotify",
    "dailymotion", "flickr", "archives", "sitemap",
}  # fmt: skip
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
# The title the hosts' embed code gives every player: says nothing about the video.
GENERIC_PLAYER_TITLE = re.compile(r"(?:YouTube|Vimeo)(?: video)? player", re.IGNORECASE)

# A line that is only an address, as WordPress's oEmbed finds them.
OWN_LINE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)
# Markdown entity references (&name; &#1; &#x1;), which would be decoded a second time.
ENTITY_LIKE = re.compile(r"&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z0-9]+;)")


@dataclass
class Converted:
    markdown: str
    videos: list[VideoRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # one line per thing changed or dropped


def post_markdown(html_text, *, site_url="", link_for=None):
    """A WordPress post's `content:encoded` as the site's article Markdown.

    `site_url` is the old blog's address: relative links and images are made absolute
    against it. `link_for(old_absolute_url)` returns the new path of a page of the old blog,
    or None to keep the link (see `rewrite_links`).
    """
    converter = _PostConverter(site_url)
    text = converter.convert(html_text)
    if link_for is not None:
        text = rewrite_links(text, site_url=site_url, link_for=link_for)
    return Converted(markdown=text, videos=converter.videos, notes=converter.notes)


MARKDOWN_LINK_TARGET = re.compile(r"(?<!\\)(\]\()([^()\s]+)(\))")
HTML_LINK_TARGET = re.compile(r'(<a href=")([^"]*)(")')


def rewrite_links(markdown_text, *, site_url, link_for):
    """Point links to the old blog's own pages at their new addresses.

    Every link of `markdown_text` (Markdown links, and the `<a href>` of the figures and
    tables that `post_markdown` writes) whose host is `site_url`'s host, by http or https,
    with or without "www.", is passed as written to `link_for` (an absolute address,
    percent-encoded, with its query and fragment), and replaced by the path it returns
    unless that is None. Relative links are left alone: `post_markdown` has already
    made the old blog's ones absolute, and the new addresses it writes are relative, so a
    second pass over the same text changes nothing. The writer calls this once more at the
    end of an import, when the addresses of posts later in the file are known.
    """
    site_host = _bare_host(site_url)
    if not site_host:
        return markdown_text

    def new_address(url):
        if urlsplit(url).scheme.lower() in {"http", "https"} and _bare_host(url) == site_host:
            return link_for(url)
        return None

    def replace_markdown(match):
        new = new_address(match.group(2))
        return f"{match.group(1)}{_markdown_url(new)}{match.group(3)}" if new else match.group(0)

    def replace_html(match):
        new = new_address(html.unescape(match.group(2)))
        return f"{match.group(1)}{html.escape(new)}{match.group(3)}" if new else match.group(0)

    text = MARKDOWN_LINK_TARGET.sub(replace_markdown, markdown_text)
    return HTML_LINK_TARGET.sub(replace_html, text)


def _bare_host(url):
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


class _Element:
    __slots__ = ("_has_block", "attrs", "children", "tag")

    def __init__(self, tag, attrs=None):
        self.tag = tag
        self.attrs = attrs or {}
        self.children = []
        self._has_block = None

    def text(self):
        return "".join(
            child if isinstance(child, str) else child.text()
            for child in self.children
            if isinstance(child, str) or child.tag not in DROPPED_TAGS
        )

    def find(self, tag):
        for child in self.children:
            if isinstance(child, _Element):
                if child.tag == tag:
                    return child
                if (found := child.find(tag)) is not None:
                    return found
        return None

    def holds_block(self):
        """Whether it is, or holds, a block: an inline element around a block (a <span>
        around a <div>, a <strong> around a video) is then read as a block too."""
        if self._has_block is None:
            self._has_block = self.tag in BLOCK_TAGS or any(
                isinstance(child, _Element) and child.tag not in DROPPED_TAGS
                and child.holds_block()
                for child in self.children
            )  # fmt: skip
        return self._has_block


class _TreeBuilder(HTMLParser):
    """A forgiving HTML tree: WordPress posts leave <p> and <li> open, and close what was
    never opened; like a browser, a new block closes an open paragraph and a stray end tag
    is ignored. Entities are decoded here, once."""

    # (tag, the open elements it closes, the elements that stop the search)
    IMPLIED_ENDS = {
        "li": ({"li"}, {"ul", "ol"}),
        "dt": ({"dt", "dd"}, {"dl"}),
        "dd": ({"dt", "dd"}, {"dl"}),
        "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
        "td": ({"td", "th"}, {"tr", "table"}),
        "th": ({"td", "th"}, {"tr", "table"}),
        "thead": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
        "tbody": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
        "tfoot": ({"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Element("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = self._open(tag, attrs)
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self._open(tag, attrs)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    def _open(self, tag, attrs):
        if tag in BLOCK_TAGS and tag not in {VIDEO_PLACEHOLDER, *EMBED_TAGS}:
            self._close_open({"p"}, BLOCK_TAGS)
        if tag in self.IMPLIED_ENDS:
            self._close_open(*self.IMPLIED_ENDS[tag])
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        return element

    def _close_open(self, closed, stops):
        for index in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[index].tag
            if tag in closed:
                del self.stack[index:]
                return
            if tag in stops:
                return


def _parse(html_text):
    builder = _TreeBuilder()
    builder.feed(html_text)
    builder.close()
    return builder.root


def _escape_text(text):
    """Text as Markdown that renders as exactly this text."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([`*\[\]])", r"\\\1", text)
    # An underscore between two letters or digits never makes emphasis: "snake_case" stays.
    text = re.sub(r"(?<![^\W_])_|_(?![^\W_])", r"\\_", text)
    text = ENTITY_LIKE.sub("&amp;", text)
    return re.sub(r"<(?![\s\d=<]|$)", "&lt;", text)


def _escape_line_start(line):
    """What Markdown would read as a block at the start of a line: a heading, a list, a
    quote, a rule, a setext underline."""
    if re.fullmatch(r"=+\s*", line):
        return "&#61;" + line[1:]
    if match := re.match(r"(\d+)\.(\s|$)", line):
        return f"{match.group(1)}\\.{line[match.end(1) + 1 :]}"
    if line[:1] in {"#", "-", "+", ">"}:
        return "\\" + line
    return line


def _markdown_url(url):
    """A link target Markdown reads whole: no spaces, parentheses or angle brackets."""
    return quote(url, safe="/:?#@!$&'*+,;=%~")


def _code_span(text):
    text = " ".join(text.split())
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _emphasis(content, marker):
    """Wrap each line of `content`, keeping its outer spaces outside: "** bold**" would
    not be read as bold."""
    pieces = re.split(f"({BREAKS})", content)
    wrapped = []
    for piece in pieces:
        core = piece.strip(" ")
        if not core or re.fullmatch(BREAKS, piece):
            wrapped.append(piece)
        else:
            lead = piece[: len(piece) - len(piece.lstrip(" "))]
            trail = piece[len(piece.rstrip(" ")) :]
            wrapped.append(f"{lead}{marker}{core}{marker}{trail}")
    return "".join(wrapped)


def _indent(text, prefix):
    return "\n".join(f"{prefix}{line}" if line else line for line in text.split("\n"))


def _inline_html(markdown_text):
    """Inline Markdown as one line of HTML, for the raw HTML blocks (figures, tables) that
    Markdown passes through untouched; the article's renderer sanitises it with the rest."""
    rendered = python_markdown.markdown(markdown_text, output_format="html")
    rendered = re.sub(r"</p>\s*<p>", "<br><br>", rendered.strip())
    return rendered.removeprefix("<p>").removesuffix("</p>").replace("\n", " ")


def _shortcode_attributes(text):
    attributes = {}
    for match in SHORTCODE_ATTRIBUTE.finditer(text):
        value = next(group for group in match.groups()[1:] if group is not None)
        attributes[match.group(1).lower()] = re.sub(r"^&#822[01];|&#822[01];$", "", value)
    return attributes


def _shortcode_video_url(name, attributes_text, inner=""):
    """The address a video shortcode plays: [embed]URL[/embed], [youtube URL],
    [youtube=URL], [vimeo 123], [vimeo id=123], [video src=URL]."""
    attributes = _shortcode_attributes(attributes_text)
    if name == "video":
        value = next(
            (attributes[key] for key in ("src", "mp4", "webm", "url") if key in attributes), ""
        )
    else:
        value = inner.strip() or attributes.get("id") or attributes.get("url") or ""
        if not value:
            words = attributes_text.strip().lstrip("=").split()
            value = words[0].strip("\"'“”″") if words else ""
    value = html.unescape(value).strip()
    if name == "vimeo" and value.isdigit():
        return f"https://vimeo.com/{value}"
    if name == "youtube" and YOUTUBE_ID.fullmatch(value):
        return f"https://www.youtube.com/watch?v={value}"
    return value


class _PostConverter:
    def __init__(self, site_url):
        self.site_url = site_url.strip().rstrip("/")
        self.videos = []
        self.notes = []
        # Addresses that become a video if they end up alone on their line, as WordPress's
        # oEmbed does: (address, caption, their Markdown when they are not alone).
        self.line_embeds = []
        self.hoisted = []  # video blocks met inside a list or quote, placed after it

    def convert(self, html_text):
        text = CONTROL_CHARS.sub("", html_text.replace("\r\n", "\n").replace("\r", "\n"))
        root = _parse(self.replace_shortcodes(text))
        blocks = []
        for block in self.blocks(root, nested=False):
            blocks.append(block)
            blocks.extend(self.hoisted)
            self.hoisted.clear()
        return "\n\n".join(blocks) + "\n" if blocks else ""

    # Shortcodes, on the source text: they may enclose HTML, and WordPress expands them
    # before the HTML is read.

    def replace_shortcodes(self, text):
        # [[gallery]] is WordPress's way of writing "[gallery]" as text.
        text = ESCAPED_SHORTCODE.sub(self._escaped_shortcode, text)
        text = ENCLOSING_SHORTCODE.sub(self._enclosing_shortcode, text)
        text = SINGLE_VIDEO_SHORTCODE.sub(self._single_video_shortcode, text)
        return self._remove_other_shortcodes(text)

    def _escaped_shortcode(self, match):
        inner = match.group(1)
        name_match = SHORTCODE.fullmatch(inner)
        if name_match and self._looks_like_shortcode(name_match, ""):
            return "&#91;" + inner[1:-1] + "&#93;"
        return match.group(0)

    def _enclosing_shortcode(self, match):
        name, attributes, inner = match.group(1).lower(), match.group(2), match.group(3)
        if name in {"caption", "wp_caption"}:
            caption = _shortcode_attributes(attributes).get("caption", "")
            return (
                f'<{FIGURE_PLACEHOLDER} data-caption="{caption.replace(chr(34), "&quot;")}">'
                f"{inner}</{FIGURE_PLACEHOLDER}>"
            )
        if name == "video" and not _shortcode_attributes(attributes):
            url = _shortcode_video_url("embed", "", inner)
        else:
            url = _shortcode_video_url(name, attributes, inner)
        return self._video_placeholder(name, url, attributes)

    def _single_video_shortcode(self, match):
        name, attributes = match.group(1).lower(), match.group(2)
        url = _shortcode_video_url(name, attributes)
        if name == "video" and not url:
            return match.group(0)  # left for the removal of other shortcodes to note
        return self._video_placeholder(name, url, attributes)

    def _video_placeholder(self, name, url, attributes):
        title = _shortcode_attributes(attributes).get("title", "")
        return (
            f'<{VIDEO_PLACEHOLDER} data-url="{html.escape(url)}" '
            f'data-caption="{html.escape(html.unescape(title))}" '
            f'data-shortcode="{name}"></{VIDEO_PLACEHOLDER}>'
        )

    def _looks_like_shortcode(self, match, rest):
        """Known names always; others only with a sign of one (a quoted name="value", a
        closing [/name] further on, "/]", an underscore in the name): "[sic]", "[1]",
        "[citation needed]" stay text."""
        closing, name, attributes = match.groups()
        if closing:
            return not attributes
        return (
            name.lower() in KNOWN_SHORTCODES
            or "_" in name
            or bool(QUOTED_ATTRIBUTE.search(attributes))
            or attributes.rstrip().endswith("/")
            or f"[/{name}]" in rest
        )

    def _remove_other_shortcodes(self, text):
        open_pairs = {}

        def remove(match):
            closing, name = match.group(1), match.group(2)
            if not self._looks_like_shortcode(match, text[match.end() :]):
                return match.group(0)
            if closing:
                if open_pairs.get(name):
                    open_pairs[name] -= 1
                else:
                    self.notes.append(f"removed shortcode [/{name}]")
                return ""
            if f"[/{name}]" in text[match.end() :]:
                open_pairs[name] = open_pairs.get(name, 0) + 1
                self.notes.append(f"removed shortcode {_shorten(match.group(0))} (its text kept)")
            else:
                self.notes.append(f"removed shortcode {_shorten(match.group(0))}")
            return ""

        return SHORTCODE.sub(remove, text)

    # Blocks

    def blocks(self, container, *, nested):
        """The Markdown blocks of an element's content, following wpautop: the inline
        content between two blocks is read as paragraphs."""
        blocks, run = [], []
        for child in container.children:
            if isinstance(child, str) or child.tag in DROPPED_TAGS or not child.holds_block():
                run.append(child)
                continue
            blocks += self.paragraphs(run, nested=nested)
            run = []
            blocks += self.block(child, nested=nested)
        return blocks + self.paragraphs(run, nested=nested)

    def block(self, element, *, nested):
        tag = element.tag
        if tag in HEADING_LEVELS:
            text = self.inline_content(element, embeds=False)
            text = " ".join(re.split(BREAKS, text)).strip()
            text = re.sub(r"#$", r"\\#", text)  # a closing "#" would be read as syntax
            return [f"{'#' * HEADING_LEVELS[tag]} {text}"] if text else []
        if tag in {"ul", "ol"}:
            return self.list_block(element)
        if tag == "blockquote":
            content = "\n\n".join(self.blocks(element, nested=True))
            return [_indent(content, "> ").replace("\n\n", "\n>\n")] if content else []
        if tag == "pre":
            code = element.text().removeprefix("\n").rstrip()
            return [_indent(code.expandtabs(4), "    ")] if code.strip() else []
        if tag == "hr":
            return ["* * *"]
        if tag == "table":
            return self.table(element)
        if tag == FIGURE_PLACEHOLDER or (tag == "figure" and element.find("img")):
            return self.figure(element, nested=nested)
        if tag == "figure":
            return self.figure_without_image(element, nested=nested)
        if tag == VIDEO_PLACEHOLDER:
            return self.video(
                element.attrs.get("data-url", ""),
                caption=element.attrs.get("data-caption", ""),
                origin=f"[{element.attrs.get('data-shortcode', 'video')}]",
                nested=nested,
            )
        if tag in EMBED_TAGS:
            return self.embed(element, nested=nested)
        return self.blocks(element, nested=nested)

    def paragraphs(self, run, *, nested):
        return self.assemble("".join(self.inline(node) for node in run), nested=nested)

    def assemble(self, text, *, nested):
        """Inline Markdown with break markers as paragraphs of lines, and the addresses
        alone on their line as video blocks."""
        # wpautop adds no line break after a <br> that ends its line.
        text = re.sub(f"{LINE_BREAK}[ ]?{NEWLINE}", LINE_BREAK, text).replace(NEWLINE, LINE_BREAK)
        blocks, lines = [], []

        def finish_paragraph():
            if lines:
                blocks.append("  \n".join(lines))
                lines.clear()

        for chunk in text.split(PARAGRAPH_BREAK):
            for line in chunk.split(LINE_BREAK):
                line = line.strip()
                if not line:
                    finish_paragraph()
                elif match := LINE_EMBED_TOKEN.fullmatch(line):
                    finish_paragraph()
                    url, caption, _ = self.line_embeds[int(match.group(1))]
                    blocks += self.line_embed(url, caption=caption, nested=nested)
                else:
                    lines.append(_escape_line_start(self.restore_line_embeds(line)))
            finish_paragraph()
        return blocks

    def restore_line_embeds(self, text):
        return LINE_EMBED_TOKEN.sub(lambda match: self.line_embeds[int(match.group(1))][2], text)

    def list_block(self, element):
        number = int(element.attrs["start"]) if element.attrs.get("start", "").isdigit() else 1
        items = []
        for child in element.children:
            if isinstance(child, str) and not child.strip():
                continue
            if isinstance(child, _Element) and child.tag in {"ul", "ol"} and items:
                items[-1].extend(self.list_block(child))  # a list directly in a list
                continue
            holder = child if isinstance(child, _Element) and child.tag == "li" else None
            if holder is None:
                holder = _Element("li")
                holder.children.append(child)
            if content := self.blocks(holder, nested=True):
                items.append(content)
        lines = []
        for item in items:
            marker = f"{number}. " if element.tag == "ol" else "- "
            number += 1
            body = item[0]
            for block in item[1:]:
                separator = "\n" if re.match(r"(- |\d+\. )", block) else "\n\n"
                body += separator + block
            lines.append(marker + _indent(body, "    ").removeprefix("    "))
        return ["\n".join(lines)] if lines else []

    def table(self, element):
        rows, caption = [], []
        for section in self._table_rows(element):
            kind, row = section
            if kind == "caption":
                caption += self.paragraphs(row.children, nested=True)
                continue
            cells = []
            for cell in row.children:
                if isinstance(cell, _Element) and cell.tag in {"td", "th"}:
                    content = _inline_html(self.cell_markdown(cell))
                    cells.append(f"<{cell.tag}>{content}</{cell.tag}>")
            if cells:
                rows.append((kind, f"<tr>{''.join(cells)}</tr>"))
        if not rows:
            return caption
        lines, current = ["<table>"], None
        for kind, row in rows:
            if kind != current:
                if current:
                    lines.append(f"</{current}>")
                lines.append(f"<{kind}>")
                current = kind
            lines.append(row)
        lines += [f"</{current}>", "</table>"]
        return [*caption, "\n".join(lines)]

    def _table_rows(self, element, kind="tbody"):
        for child in element.children:
            if not isinstance(child, _Element):
                continue
            if child.tag == "caption":
                yield "caption", child
            elif child.tag == "tr":
                yield kind, child
            elif child.tag in {"thead", "tbody", "tfoot"}:
                yield from self._table_rows(child, "thead" if child.tag == "thead" else "tbody")

    def cell_markdown(self, cell):
        return "\n\n".join(self.assemble(self.inline_content(cell, embeds=False), nested=True))

    def inline_content(self, element, *, embeds=True):
        """An element's content as one run of inline Markdown; blocks inside it (a <p> in a
        table cell) become paragraph breaks."""
        pieces = []
        for child in element.children:
            if (
                isinstance(child, _Element)
                and child.tag not in DROPPED_TAGS
                and (child.tag in BLOCK_TAGS and child.tag not in EMBED_TAGS)
            ):
                inner = self.inline_content(child, embeds=embeds)
                pieces.append(f"{PARAGRAPH_BREAK}{inner}{PARAGRAPH_BREAK}")
            else:
                pieces.append(self.inline(child, embeds=embeds))
        return "".join(pieces)

    def figure(self, element, *, nested):
        image = element.find("img")
        wrapper = _link_around(element, image)
        _detach(element, wrapper or image)
        link_href = self.address(wrapper.attrs.get("href", "")) if wrapper else ""
        caption_holder = element.find("figcaption") or element
        caption = element.attrs.get("data-caption", "")
        if caption:
            caption_markdown = _escape_text(" ".join(caption.split()))
        else:
            caption = " ".join(caption_holder.text().split())
            caption_markdown = self.inline_content(caption_holder, embeds=False)
            caption_markdown = "\n\n".join(self.assemble(caption_markdown, nested=True))
        caption_markdown = caption_markdown.strip()
        image_link = self.image_link(image, link_href=link_href, caption=caption)
        if nested:
            # Markdown reads raw HTML only at the top level: in a list or a quote, the
            # figure is a line with its caption under it.
            return [f"{image_link}  \n{caption_markdown}" if caption_markdown else image_link]
        parts = [f"<figure>{_inline_html(image_link)}"]
        if caption_markdown:
            parts.append(f"<figcaption>{_inline_html(caption_markdown)}</figcaption>")
        return ["".join(parts) + "</figure>"]

    def figure_without_image(self, element, *, nested):
        """A figure of the block editor around an embed or a table: its content, with the
        caption given to the video it holds, or kept as a paragraph."""
        figcaption = element.find("figcaption")
        videos_before = len(self.videos)
        content = _Element("div")
        content.children = [child for child in element.children if child is not figcaption]
        blocks = self.blocks(content, nested=nested)
        caption = " ".join(figcaption.text().split()) if figcaption is not None else ""
        if caption and len(self.videos) == videos_before + 1:
            self.videos[-1].caption = caption[:200]
        elif figcaption is not None:
            blocks += self.blocks(figcaption, nested=nested)
        return blocks

    def embed(self, element, *, nested):
        url = element.attrs.get("src") or element.attrs.get("data") or ""
        if element.tag == "object":
            movie = next(
                (
                    child.attrs.get("value", "")
                    for child in element.children
                    if isinstance(child, _Element)
                    and child.tag == "param"
                    and child.attrs.get("name", "").lower() in {"movie", "src"}
                ),
                "",
            )
            inner_embed = element.find("embed")
            url = movie or (inner_embed.attrs.get("src", "") if inner_embed else "") or url
        url = html.unescape(url.strip())
        if url.startswith("//"):
            url = "https:" + url
        # Flash-era YouTube addresses: /v/ID&hl=en, with no "?".
        if "?" not in url and "&" in url:
            url = url.split("&", 1)[0]
        if url and video_source(url):
            title = element.attrs.get("title", "")
            caption = "" if GENERIC_PLAYER_TITLE.fullmatch(title.strip()) else title
            return self.video(url, caption=caption, origin=f"<{element.tag}>", nested=nested)
        self.notes.append(f"removed <{element.tag}>" + (f" of {_shorten(url)}" if url else ""))
        return []

    def video(self, url, *, caption, origin, nested):
        if not url:
            self.notes.append(f"removed {origin} without an address")
            return []
        if video_source(url) is None:
            self.notes.append(
                f"kept {origin} {_shorten(url)} as a link: only YouTube and Vimeo videos play here"
            )
            return [self.plain_link(url)]
        key = f"video-{len(self.videos) + 1}"
        caption = " ".join(caption.split())[:200] or "Video"
        self.videos.append(VideoRecord(key=key, url=url, caption=caption))
        marker = f"[video: {key}]"
        if nested:
            # A video block is a paragraph of the article's top level (articles/rendering.py).
            self.hoisted.append(marker)
            return []
        return [marker]

    def line_embed(self, url, *, caption, nested):
        if video_source(url):
            return self.video(url, caption=caption, origin="address", nested=nested)
        self.notes.append(f"kept {_shorten(url)}, alone on its line, as a link")
        return [self.plain_link(url)]

    def plain_link(self, url):
        return f"[{_escape_text(url)}]({_markdown_url(url)})"

    # Inline content

    def inline(self, node, *, in_link=False, embeds=True):
        if isinstance(node, str):
            return self.inline_text(node, line_embeds=embeds and not in_link)
        tag = node.tag
        if tag in DROPPED_TAGS:
            self.notes.append(f"removed <{tag}>")
            return ""
        if tag in EMBED_TAGS or tag == VIDEO_PLACEHOLDER:
            url = node.attrs.get("data-url") or node.attrs.get("src", "")
            self.notes.append(
                f"removed <{tag}> inside text" + (f" of {_shorten(url)}" if url else "")
            )
            return ""
        if tag == "br":
            return LINE_BREAK
        if tag == "img":
            return (
                _escape_text(_image_label(node, self.address(node.attrs.get("src", ""))))
                if in_link
                else self.image_link(node)
            )
        if tag == "a":
            return self.link(node, in_link=in_link, embeds=embeds)

        def content():
            return "".join(
                self.inline(child, in_link=in_link, embeds=embeds) for child in node.children
            )

        if tag in {"strong", "b"}:
            return _emphasis(content(), "**")
        if tag in {"em", "i"}:
            return _emphasis(content(), "*")
        if tag in {"code", "tt", "kbd", "samp"}:
            return _code_span(node.text())
        if tag in {"sup", "sub"} and (inner := content()).strip():
            return f"<{tag}>{inner}</{tag}>"
        if tag == "abbr" and node.attrs.get("title") and (inner := content()).strip():
            return f'<abbr title="{html.escape(node.attrs["title"])}">{inner}</abbr>'
        if tag == "q":
            return f"“{content()}”"
        return content()

    def inline_text(self, text, *, line_embeds):
        if line_embeds:
            text = OWN_LINE_URL.sub(
                lambda match: self.line_embed_token(
                    match.group(1), "", _escape_text(match.group(1))
                ),
                text,
            )
        text = _escape_text(text)
        # wpautop: a blank line ends a paragraph, a newline is a line break.
        text = re.sub(r"[ \t]*\n[ \t]*\n[ \t\n]*", PARAGRAPH_BREAK, text)
        text = re.sub(r"[ \t]*\n[ \t]*", NEWLINE, text)
        return re.sub(r"[ \t]+", " ", text)

    def line_embed_token(self, url, caption, markdown_text):
        self.line_embeds.append((url, caption, markdown_text))
        return f"\x03{len(self.line_embeds) - 1}\x03"

    def link(self, element, *, in_link, embeds):
        """A Markdown link; a link to a video alone on its line becomes that video, its text
        the caption."""
        children = [
            child
            for child in element.children
            if not (isinstance(child, str) and not child.strip())
        ]
        href = self.address(element.attrs.get("href", ""))
        if len(children) == 1 and isinstance(children[0], _Element) and children[0].tag == "img":
            return self.image_link(children[0], link_href=href)
        text = "".join(self.inline(child, in_link=True) for child in element.children)
        text = text.replace(PARAGRAPH_BREAK, LINE_BREAK)
        if in_link or not href or not re.sub(BREAKS, "", text).strip():
            return text
        link = f"[{text}]({_markdown_url(href)})"
        if embeds and not re.search(BREAKS, text) and video_source(href):
            return self.line_embed_token(href, " ".join(element.text().split()), link)
        return link

    def image_link(self, image, *, link_href="", caption=""):
        """An image as a link to it: the site never loads images from another site. A link
        around the image to a larger copy of it is followed."""
        src = self.address(image.attrs.get("src", ""))
        target = link_href if link_href and IMAGE_FILE.search(urlsplit(link_href).path) else src
        label = _image_label(image, src, fallback=caption)
        self.notes.append(f"kept image {_shorten(target or src or label)} as a link")
        if not target:
            return _escape_text(label)
        return f"[{_escape_text(label)}]({_markdown_url(target)})"

    def address(self, href):
        """A link target readers can follow from the new site: absolute for the old blog's
        own pages, only http, https and mailto."""
        href = href.strip()
        if not href or href.startswith("#"):
            return href
        if href.startswith("//"):
            return "https:" + href
        scheme = urlsplit(href).scheme.lower() if ":" in href else ""
        if scheme:
            if scheme in {"http", "https", "mailto"}:
                return href
            self.notes.append(f"removed a {scheme}: link")
            return ""
        return urljoin(self.site_url + "/", href) if self.site_url else href


def _image_label(image, src, fallback=""):
    """ "Image: " and the image's alt text, else its caption, else its file name."""
    name = urlsplit(src).path.rsplit("/", 1)[-1] if src else ""
    description = " ".join(image.attrs.get("alt", "").split()) or fallback or name
    return f"Image: {description}" if description else "Image"


def _link_around(element, image):
    """The link inside `element` whose only content is `image`, or None."""
    for child in element.children:
        if not isinstance(child, _Element):
            continue
        content = [
            node for node in child.children if not (isinstance(node, str) and not node.strip())
        ]
        if child.tag == "a" and content == [image]:
            return child
        if (found := _link_around(child, image)) is not None:
            return found
    return None


def _detach(element, node):
    """Take `node` out of the tree under `element` (the image of a figure, before its caption
    is read from what remains)."""
    for child in element.children:
        if child is node:
            element.children.remove(node)
            return True
        if isinstance(child, _Element) and _detach(child, node):
            return True
    return False


def _shorten(text, limit=80):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Comments ----------------------------------------------------------------------------

# The tags WordPress comments are written with; any other "<" is text ("<3", "a < b").
COMMENT_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)?)/?>")
COMMENT_LINE_TAGS = {"br"}
COMMENT_BLOCK_TAGS = {
    "p", "div", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "table", "tr", "dl", "dt", "dd",
}  # fmt: skip
COMMENT_INLINE_TAGS = {
    "a", "b", "strong", "i", "em", "u", "s", "strike", "del", "ins", "span", "font", "code",
    "tt", "q", "cite", "abbr", "acronym", "sub", "sup", "small", "big", "kbd", "img", "li",
    "td", "th", "thead", "tbody",
}  # fmt: skip
COMMENT_DROPPED_TAGS = {"script", "style"}
COMMENT_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
COMMENT_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def comment_text(body):
    """A WordPress comment body as the site's plain text.

    Paragraphs stay paragraphs (a blank line), line breaks stay "\\n", entities are decoded
    once (only complete ones, ending in ";": "AT&T" and "&copy" stay as typed), tags are
    removed, and a link keeps its address when its text is something else. Only the tags
    comments are written with are read as tags, so "<3" and "a < b" are text; text without
    tags or entities comes back as it was, trimmed.
    """
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    pieces, open_links = [], []
    position, after_line_break = 0, False
    while match := COMMENT_TAG.search(body, position):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        known = name in COMMENT_LINE_TAGS | COMMENT_BLOCK_TAGS | COMMENT_INLINE_TAGS
        if not known and name not in COMMENT_DROPPED_TAGS:
            pieces.append(_comment_text_piece(body[position : match.end()], after_line_break))
            position, after_line_break = match.end(), False
            continue
        pieces.append(_comment_text_piece(body[position : match.start()], after_line_break))
        position, after_line_break = match.end(), False
        if name in COMMENT_DROPPED_TAGS and not closing:
            end = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(body, position)
            position = end.end() if end else len(body)
        elif name in COMMENT_LINE_TAGS:
            pieces.append("\n")
            after_line_break = True
        elif name in COMMENT_BLOCK_TAGS:
            pieces.append("\n\n")
        elif name == "li" and not closing:
            pieces.append("\n")
        elif name == "a" and not closing:
            open_links.append((len(pieces), _comment_href(attributes)))
        elif name == "a" and open_links:
            start, href = open_links.pop()
            text = "".join(pieces[start:])
            if href and _comparable(text) != _comparable(href):
                pieces.append(f" ({href.removeprefix('mailto:')})")
    pieces.append(_comment_text_piece(body[position:], after_line_break))
    text = re.sub(r"\n(?:[ \t]*\n){2,}", "\n\n", "".join(pieces))
    return text.strip()


def _comment_text_piece(text, after_line_break):
    if after_line_break:
        # "<br />" and the newline after it are one line break.
        text = re.sub(r"^[ \t]*\n", "", text)
    return COMMENT_ENTITY.sub(lambda match: html.unescape(match.group(0)), text)


def _comment_href(attributes):
    match = COMMENT_HREF.search(attributes)
    if not match:
        return ""
    href = html.unescape(next(group for group in match.groups() if group is not None)).strip()
    return href if urlsplit(href).scheme.lower() in {"http", "https", "mailto"} else ""


def _comparable(address):
    address = address.strip().lower()
    address = re.sub(r"^(?:https?://|mailto:)", "", address).removeprefix("www.")
    return address.rstrip("/")
