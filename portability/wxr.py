"""Reading a WordPress export (WXR 1.0, 1.1 and 1.2) as import records (records.py), streamed:
each post is handed over when its own fields are read, each comment when it closes, and
neither is kept afterwards.

WordPress writes a post's fields first and its comments last, so a post is complete at its
first <wp:comment>. The elements of our own export (namespace HFS, portability/export.py)
hold what WordPress has no place for, exactly; where an item has them, they win.
"""

import hashlib
import html
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify

from comments.models import Comment

from . import xmlsafe
from .records import (
    ArticleRecord,
    CommentRecord,
    ImportFailed,
    ImportNote,
    OldAddress,
    VideoRecord,
)
from .wp_content import comment_text, post_markdown

HFS = "urn:hfs-site:wxr:1"
PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    HFS: "hfs",
    **{f"http://wordpress.org/export/{version}/": "wp" for version in ("1.0", "1.1", "1.2")},
    **{
        f"http://wordpress.org/export/{version}/excerpt/": "excerpt"
        for version in ("1.0", "1.1", "1.2")
    },
}
PUBLISHED, DRAFTS = "publish", {"draft", "pending", "private", "future"}
COMMENT_STATUS = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
NO_DATE = "0000-00-00 00:00:00"
# Where the old site's address is read from, the first found first.
CHANNEL_URLS = ("wp:base_blog_url", "wp:base_site_url", "link")
# The old site's feeds (WordPress's addresses for them, under its blog's path).
SITE_FEEDS = ("/feed/", "/?feed=rss2", "/feed/atom/")


@dataclass(frozen=True)
class Channel:
    """The site an export came from."""

    blog_url: str

    @property
    def source(self):
        return f"wordpress {self.blog_url}"


def read_channel(path):
    """The export's Channel, read from its head (it comes before the first post)."""
    urls = {}
    for number, (event, element, line) in enumerate(xmlsafe.iterparse(path)):
        name = _short(element.tag)
        if number == 0:
            _check_root(name, line)
        if event == "start":
            if name == "item":
                break
        elif name in CHANNEL_URLS:
            urls.setdefault(name, (element.text or "").strip())
        elif name == "channel":
            break
    return _channel(urls)


def _check_root(name, line):
    if name != "rss":
        raise ImportFailed(
            f"this is not a WordPress export (WXR): it starts with <{name}>, not <rss>", line
        )


def _channel(urls):
    url = next((urls[name] for name in CHANNEL_URLS if urls.get(name)), "")
    if not url:
        raise ImportFailed(
            "this is not a WordPress export (WXR): its channel names no wp:base_blog_url"
        )
    return Channel(blog_url=url.rstrip("/"))


def read_wxr(path, *, pages=False, on_progress=None):
    """Yield the records of the WXR file at `path`: posts (and pages with `pages`) as
    ArticleRecords, each followed by its CommentRecords, the old site's feeds as OldAddresses,
    and ImportNotes for what was skipped or read otherwise than written.

    `on_progress(bytes_read, total_bytes)` follows the reading (xmlsafe.iterparse).
    """
    reader = _Reader(pages=pages)
    for event, element, line in xmlsafe.iterparse(path, on_progress=on_progress):
        yield from reader.event(event, element, line)


class _Reader:
    def __init__(self, *, pages):
        self.pages = pages
        self.names = []  # the short names of the open elements, the root first
        self.urls = {}
        self.channel = None
        self.author_ids = set()  # the WordPress users who wrote posts
        self.item = None  # the open <item>
        self.item_line = 0
        self.post = None  # (source id, skip reason or ""), once the open item's post is read
        self.seen_posts = set()
        self.own_export = False

    def event(self, event, element, line):
        name = _short(element.tag)
        if event == "start":
            if not self.names:
                _check_root(name, line)
            parent = self.names[-1] if self.names else None
            self.names.append(name)
            if name == "item" and parent == "channel":
                self.item, self.item_line, self.post = element, line, None
            elif name == "wp:comment" and parent == "item" and self.post is None:
                yield from self._post()
            return
        self.names.pop()
        parent = self.names[-1] if self.names else None
        if parent == "item" and name == "wp:comment":
            yield from self._comment(element, line)
            element.clear()
        elif parent == "channel":
            if name == "item":
                if self.post is None:
                    yield from self._post()
                self.item = None
            else:
                self._channel_element(name, element)
            element.clear()
        elif name == "channel" and self.channel and not self.own_export:
            # Our own export's addresses are this site's: its feeds keep their paths.
            target = reverse("articles:feed_rss")
            for path in SITE_FEEDS:
                yield OldAddress(path=self.channel_path + path, target=target, line=line)

    def _channel_element(self, name, element):
        if name in CHANNEL_URLS:
            self.urls.setdefault(name, (element.text or "").strip())
        elif name == "wp:author" and (author_id := _fields(element).get("wp:author_id")):
            self.author_ids.add(author_id)

    @property
    def channel_path(self):
        return urlsplit(self.channel.blog_url).path.rstrip("/")

    # Posts -------------------------------------------------------------------------------

    def _post(self):
        """Read the open item's post from its fields, all read by now."""
        if self.channel is None:
            self.channel = _channel(self.urls)
        fields = _fields(self.item)
        line = self.item_line
        post_id, notes = self._post_id(fields, line)
        yield from notes
        post_type = fields.get("wp:post_type") or "post"
        status = fields.get("wp:status") or PUBLISHED
        skipped = _skip_reason(post_type, status, pages=self.pages)
        self.post = (post_id, skipped)
        if skipped:
            yield ImportNote(f"{post_type} {post_id} skipped", line, counts_as=skipped)
            return
        own = "hfs:markdown" in fields
        self.own_export |= own
        title = _unescaped(fields.get("title", "")) if not own else fields.get("title", "")
        if not title:
            title = "(no title)"
            yield ImportNote(f"post {post_id} has no title: imported as “{title}”", line)
        if status == "private":
            yield ImportNote(f"private post {post_id} imported as a draft", line)
        if fields.get("wp:post_password"):
            yield ImportNote(f"password-protected post {post_id} imported as a draft", line)
        published_at, note = _date(
            fields.get("hfs:published_gmt"),
            fields.get("wp:post_date_gmt"),
            fields.get("wp:post_date"),
            f"post {post_id}",
            line,
        )
        if note:
            yield note
        body, videos, content_notes = self._body(fields)
        for note in content_notes:
            yield ImportNote(f"post {post_id}: {note}", line)
        link = fields.get("link", "")
        old_paths, feeds = [], []
        if not own:
            key = "page_id" if post_type == "page" else "p"
            old_paths.append(f"{self.channel_path}/?{key}={post_id}")
            link_path = urlsplit(link).path
            if link_path.endswith("/") and not urlsplit(link).query and link_path.strip("/"):
                feeds.append(f"{link_path}feed/")
        yield ArticleRecord(
            source_id=post_id,
            title=title,
            slug=_slug(fields.get("wp:post_name", "")),
            body=body,
            summary=fields.get("hfs:summary", "") if own else _plain(fields, "excerpt:encoded"),
            # WordPress's own exports name no post's language: the site's is taken.
            language=fields.get("hfs:language", "").strip(),
            published=status == PUBLISHED and not fields.get("wp:post_password"),
            published_at=published_at,
            updated_at=_iso(fields.get("hfs:updated_gmt"))
            or _wordpress_date(fields.get("wp:post_modified_gmt", ""), UTC),
            reviewed_on=_iso_date(fields.get("hfs:reviewed_on")),
            comments_open=fields.get("wp:comment_status", "open") == "open",
            videos=videos,
            link=link,
            old_paths=old_paths,
            comment_feed_paths=feeds,
            line=line,
        )

    def _post_id(self, fields, line):
        notes = []
        post_id = fields.get("wp:post_id", "")
        if not post_id:
            post_id = "h" + _digest(fields.get("title", ""), fields.get("wp:post_date", ""))
            notes.append(ImportNote(f"a post without an id was given the id {post_id}", line))
        if post_id in self.seen_posts:
            first = post_id
            post_id = f"{post_id}@{line}"
            notes.append(ImportNote(f"a second post with the id {first} read as {post_id}", line))
        self.seen_posts.add(post_id)
        return post_id, notes

    def _body(self, fields):
        """(Markdown, videos, notes) of the post: our export's as it is, or converted."""
        if "hfs:markdown" in fields:
            videos = [
                VideoRecord(
                    key=video.get("key", ""),
                    url=video.get("url", ""),
                    caption=video.get("caption", ""),
                    missing_note=video.get("missing_note", ""),
                )
                for video in self.item.iterfind(f"{{{HFS}}}video")
            ]
            return fields["hfs:markdown"], videos, []
        converted = post_markdown(fields.get("content:encoded", ""), site_url=self.channel.blog_url)
        return converted.markdown, list(converted.videos), list(converted.notes)

    # Comments ----------------------------------------------------------------------------

    def _comment(self, element, line):
        post_id, skipped = self.post
        if skipped:
            yield ImportNote("comment skipped", line, counts_as=f"comment on a {skipped}")
            return
        fields = _fields(element)
        kind = fields.get("wp:comment_type") or "comment"
        if kind != "comment":
            yield ImportNote(f"{kind} skipped", line, counts_as=kind)
            return
        own = "hfs:text" in fields
        comment_id = fields.get("wp:comment_id", "")
        if not comment_id:
            comment_id = "h" + _digest(
                post_id,
                fields.get("wp:comment_date_gmt", ""),
                fields.get("wp:comment_author", ""),
                fields.get("wp:comment_content", ""),
            )
            yield ImportNote(f"a comment without an id was given the id {comment_id}", line)
        created_at, note = _date(
            fields.get("hfs:created_gmt"),
            fields.get("wp:comment_date_gmt"),
            fields.get("wp:comment_date"),
            f"comment {comment_id}",
            line,
        )
        if note:
            yield note
        approved = fields.get("wp:comment_approved", "1")
        status = fields.get("hfs:status") or COMMENT_STATUS.get(approved)
        if status is None:
            status = Comment.Status.PENDING
            yield ImportNote(
                f"comment {comment_id}: unknown status “{approved}”, imported as pending", line
            )
        parent = fields.get("wp:comment_parent", "")
        name = fields.get("wp:comment_author", "")
        user_id = fields.get("wp:comment_user_id", "0")
        yield CommentRecord(
            source_id=comment_id,
            article_source_id=post_id,
            parent_source_id="" if parent in ("", "0") else parent,
            # WordPress shows a comment left without a name as by "Anonymous".
            author_name=name if own else _unescaped(name) or "Anonymous",
            author_email=fields.get("wp:comment_author_email", ""),
            author_url=fields.get("wp:comment_author_url", ""),
            body=fields["hfs:text"] if own else _plain(fields, "wp:comment_content"),
            language=fields.get("hfs:language", "").strip(),
            created_at=created_at,
            status=status,
            ip_address=fields.get("wp:comment_author_IP") or None,
            user_agent=fields.get("hfs:user_agent") or fields.get("wp:comment_agent", ""),
            # A comment by one of the blog's authors was the site answering.
            is_site_reply=fields.get("hfs:site_reply") == "1"
            or (not own and user_id not in ("", "0") and user_id in self.author_ids),
            edited_at=_iso(fields.get("hfs:edited_gmt")),
            withdrawn_at=_iso(fields.get("hfs:withdrawn_gmt")),
            editor_note=fields.get("hfs:editor_note", ""),
            line=line,
        )


def _skip_reason(post_type, status, *, pages):
    """Why an item is not imported as an article, or ""."""
    if post_type == "page" and not pages:
        return "page (import pages with --pages)"
    if post_type not in ("post", "page"):
        return post_type
    if status == "trash":
        return f"trashed {post_type}"
    if status != PUBLISHED and status not in DRAFTS:
        return f"{post_type} with status {status}"
    return ""


def _fields(element):
    """{short name: text} of an element's children (the first of each name): stripped, but
    for the post's HTML and our own export's exact texts."""
    fields = {}
    for child in element:
        name = _short(child.tag)
        if name not in fields:
            text = child.text or ""
            keep_spaces = name == "content:encoded" or name.startswith("hfs:")
            fields[name] = text if keep_spaces else text.strip()
    return fields


@cache
def _short(tag):
    """ "{http://wordpress.org/export/1.2/}post_id" → "wp:post_id"; "title" stays."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    prefix = PREFIXES.get(uri)
    return f"{prefix}:{local}" if prefix else tag


def _plain(fields, name):
    """A field of WordPress HTML as the site's plain text."""
    return comment_text(fields.get(name, ""))


def _unescaped(text):
    """WordPress escapes titles and names as HTML inside its XML: read the characters once."""
    return html.unescape(text).strip()


def _slug(post_name):
    """The article's slug from WordPress's post name (percent-encoded when not ASCII)."""
    return slugify(unquote(post_name))[:200].strip("-")


def _date(iso_text, gmt_text, local_text, what, line):
    """(aware datetime or None, ImportNote or None) of a post or comment: our export's exact
    time, else WordPress's GMT one, else its local one (drafts have no GMT date) read in
    TIME_ZONE, which is said in a note."""
    if moment := _iso(iso_text) or _wordpress_date(gmt_text, UTC):
        return moment, None
    zone = settings.TIME_ZONE
    if local := _wordpress_date(local_text, ZoneInfo(zone)):
        return local, ImportNote(f"{what} has no GMT date: its local date read in {zone}", line)
    return None, ImportNote(f"{what} has no date: dated at the import", line)


def _wordpress_date(text, zone):
    """An aware datetime from WordPress's "2010-05-20 09:45:00" in `zone`, or None."""
    text = (text or "").strip()
    if not text or text == NO_DATE:
        return None
    try:
        moment = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=zone)


def _iso(text):
    """An aware datetime from our export's ISO 8601 ("2010-05-20T09:45:00.123456+00:00")."""
    try:
        moment = datetime.fromisoformat(text or "")
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso_date(text):
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


def _digest(*parts):
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
