"""The whole site written out, to leave with it: as WXR, the file WordPress's own importer
reads, and as JSON (docs/export.md describes both).

Both writers stream: articles and the comments of each are read with iterator() and written
as they come, so a site of any size is exported in the memory of one chunk of rows. What is
never written: staff users, passwords, sessions, the spam filter's counts, the privacy
ledger, and secrets such as the posters' status-link keys.
"""

import json
import re
from datetime import UTC
from email.utils import format_datetime
from html import escape
from xml.sax.saxutils import XMLGenerator
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, Prefetch, Value, When
from django.utils import timezone
from django.utils.html import format_html

from articles.models import Article, Video
from articles.rendering import render_body
from comments.models import MAX_DEPTH, Comment, ancestors_lookups

# Rows read per database round trip: the most an export holds in memory at once.
CHUNK_SIZE = 2000

WXR_VERSION = "1.2"
# The prefixes are WordPress's own: its XML-extension parser matches elements by their
# prefixed names ("wp:post_id"), not by namespace.
NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
    # What WordPress has no place for, so that our own importer (portability/wxr.py) restores
    # the site exactly; WordPress ignores elements of namespaces it does not know.
    "hfs": "urn:hfs-site:wxr:1",
}
WXR_ARTICLE_STATUS = {Article.Status.PUBLISHED: "publish", Article.Status.DRAFT: "draft"}
WXR_COMMENT_APPROVED = {
    Comment.Status.APPROVED: "1",
    Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam",
    Comment.Status.REMOVED: "trash",
}
# What XML 1.0 cannot hold, even as a character reference: control characters other than tab
# and the line ends, lone surrogates, U+FFFE and U+FFFF. Dropped from the WXR file.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

JSON_FORMAT = "hfs-site-export"
JSON_VERSION = 1


def articles_to_export():
    """Every article, whatever its status, in the order of their ids, with their videos."""
    videos = Prefetch("videos", queryset=Video.objects.order_by("key"))
    return Article.objects.order_by("pk").prefetch_related(videos).iterator(chunk_size=CHUNK_SIZE)


def comments_to_export(article):
    """Every comment on `article`, whatever its status, each after the comment it answers:
    the top-level comments first, then the replies, then the replies to those, each level
    in the order they were written."""
    depth = Case(
        *(
            When(**{f"{prefix}isnull": True}, then=Value(level))
            for level, prefix in enumerate(ancestors_lookups())
        ),
        default=Value(MAX_DEPTH - 1),
    )
    comments = Comment.objects.filter(article=article).alias(depth=depth)
    return comments.order_by("depth", "created_at", "pk").iterator(chunk_size=CHUNK_SIZE)


def article_html(article):
    """The article as WordPress is to show it: its rendered body, each video as an [embed]
    shortcode (which WordPress turns into the player) with its caption."""
    pieces = []
    videos = {video.key: video for video in article.videos.all()}
    for kind, part in render_body(article.body, videos):
        if kind == "html":
            pieces.append(part.strip())
        elif part.source:
            pieces.append(
                format_html(
                    "<figure>[embed]{}[/embed]<figcaption>{}</figcaption></figure>",
                    part.url,
                    part.caption,
                )
            )
        else:
            pieces.append(format_html("<p>{}</p>", part.missing_note))
    return "\n\n".join(pieces)


def utc_wordpress(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def local_wordpress(moment):
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).strftime("%Y-%m-%d %H:%M:%S")


def iso_utc(moment):
    return moment.astimezone(UTC).isoformat() if moment else None


class WXRWriter:
    """Elements written one at a time through a real XML writer, indented one level a line."""

    def __init__(self, out):
        self.xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
        self.depth = 0

    def start(self, name, attributes=None):
        if self.depth:  # the root follows the XML declaration's own line end
            self._newline()
        self.xml.startElement(name, attributes or {})
        self.depth += 1

    def end(self, name):
        self.depth -= 1
        self._newline()
        self.xml.endElement(name)

    def element(self, name, text="", attributes=None):
        self._newline()
        attributes = {key: clean(value) for key, value in (attributes or {}).items()}
        self.xml.startElement(name, attributes)
        pieces = clean(str(text)).split("\r")
        for index, piece in enumerate(pieces):
            if index:
                # An XML parser reads a carriage return as a line feed unless it is written as
                # a reference; a constant is all that is written unescaped.
                self.xml.ignorableWhitespace("&#13;")
            self.xml.characters(piece)
        self.xml.endElement(name)

    def _newline(self):
        self.xml.ignorableWhitespace("\n" + "\t" * self.depth)


def clean(text):
    return NOT_XML.sub("", text)


def write_wxr(out):
    """The whole site as a WXR 1.2 file, written to the text stream `out`."""
    writer = WXRWriter(out)
    writer.xml.startDocument()
    writer.start("rss", {"version": "2.0", **{f"xmlns:{p}": uri for p, uri in NAMESPACES.items()}})
    writer.start("channel")
    writer.element("title", settings.SITE_NAME)
    writer.element("link", settings.SITE_URL)
    writer.element("description")
    writer.element("pubDate", format_datetime(timezone.now().astimezone(UTC)))
    writer.element("language", settings.LANGUAGE_CODE)
    writer.element("wp:wxr_version", WXR_VERSION)
    writer.element("wp:base_site_url", settings.SITE_URL)
    writer.element("wp:base_blog_url", settings.SITE_URL)
    for article in articles_to_export():
        _write_wxr_article(writer, article)
    writer.end("channel")
    writer.end("rss")
    writer.xml.ignorableWhitespace("\n")
    writer.xml.endDocument()


def _write_wxr_article(writer, article):
    link = settings.SITE_URL + article.get_absolute_url()
    writer.start("item")
    writer.element("title", article.title)
    writer.element("link", link)
    writer.element("pubDate", format_datetime(article.published_at.astimezone(UTC)))
    # WordPress attributes a post to a user; staff are never exported, so to the site.
    writer.element("dc:creator", settings.SITE_NAME)
    writer.element("guid", link, {"isPermaLink": "false"})
    writer.element("description")
    writer.element("content:encoded", article_html(article))
    writer.element("excerpt:encoded", article.summary)
    writer.element("wp:post_id", article.pk)
    writer.element("wp:post_date", local_wordpress(article.published_at))
    writer.element("wp:post_date_gmt", utc_wordpress(article.published_at))
    writer.element("wp:post_modified", local_wordpress(article.updated_at))
    writer.element("wp:post_modified_gmt", utc_wordpress(article.updated_at))
    writer.element("wp:comment_status", "open" if article.comments_enabled else "closed")
    writer.element("wp:ping_status", "closed")
    writer.element("wp:post_name", article.slug)
    writer.element("wp:status", WXR_ARTICLE_STATUS[article.status])
    writer.element("wp:post_parent", 0)
    writer.element("wp:menu_order", 0)
    writer.element("wp:post_type", "post")
    writer.element("wp:post_password")
    writer.element("wp:is_sticky", 0)
    writer.element("hfs:markdown", article.body)
    writer.element("hfs:summary", article.summary)
    writer.element("hfs:language", article.language)
    writer.element("hfs:published_gmt", iso_utc(article.published_at))
    writer.element("hfs:updated_gmt", iso_utc(article.updated_at))
    if article.reviewed_at:
        writer.element("hfs:reviewed_on", article.reviewed_at.isoformat())
    for video in article.videos.all():
        attributes = {
            "key": video.key,
            "url": video.url,
            "caption": video.caption,
            "missing_note": video.missing_note,
        }
        writer.element("hfs:video", attributes=attributes)
    for comment in comments_to_export(article):
        _write_wxr_comment(writer, comment)
    writer.end("item")


def _write_wxr_comment(writer, comment):
    writer.start("wp:comment")
    writer.element("wp:comment_id", comment.pk)
    writer.element("wp:comment_author", comment.author_name)
    writer.element("wp:comment_author_email", comment.author_email)
    writer.element("wp:comment_author_url", comment.author_url)
    writer.element("wp:comment_author_IP", comment.ip_address or "")
    writer.element("wp:comment_date", local_wordpress(comment.created_at))
    writer.element("wp:comment_date_gmt", utc_wordpress(comment.created_at))
    # WordPress keeps comments as HTML and lays out their paragraphs from blank lines.
    writer.element("wp:comment_content", escape(comment.body, quote=False))
    writer.element("wp:comment_approved", WXR_COMMENT_APPROVED[comment.status])
    writer.element("wp:comment_type", "comment")
    writer.element("wp:comment_parent", comment.parent_id or 0)
    writer.element("wp:comment_user_id", 0)
    writer.element("hfs:text", comment.body)
    writer.element("hfs:status", comment.status)
    writer.element("hfs:created_gmt", iso_utc(comment.created_at))
    if comment.language:
        writer.element("hfs:language", comment.language)
    if comment.edited_at:
        writer.element("hfs:edited_gmt", iso_utc(comment.edited_at))
    if comment.withdrawn_at:
        writer.element("hfs:withdrawn_gmt", iso_utc(comment.withdrawn_at))
    if comment.is_site_reply:
        writer.element("hfs:site_reply", 1)
    writer.element("hfs:user_agent", comment.user_agent)
    if comment.editor_note:
        writer.element("hfs:editor_note", comment.editor_note)
    writer.end("wp:comment")


def write_json(out):
    """The whole site as one JSON object, written to the text stream `out` an article and a
    comment at a time."""
    header = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "exported_at": iso_utc(timezone.now()),
        "site_url": settings.SITE_URL,
    }
    # Each object is written by json.dumps, its closing brace held back while the list that
    # ends it is written.
    out.write(_json(header)[:-1] + ',\n"articles": [')
    for index, article in enumerate(articles_to_export()):
        out.write(",\n" if index else "\n")
        # The article's fields, then its comments as a list written one by one.
        out.write(_json(article_data(article))[:-1] + ', "comments": [')
        for comment_index, comment in enumerate(comments_to_export(article)):
            out.write(",\n" if comment_index else "\n")
            out.write(_json(comment_data(comment)))
        out.write("\n]}")
    out.write("\n]}\n")


def article_data(article):
    return {
        "id": article.pk,
        "url": settings.SITE_URL + article.get_absolute_url(),
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "language": article.language,
        "status": article.status,
        "published_at": iso_utc(article.published_at),
        "updated_at": iso_utc(article.updated_at),
        "reviewed_at": article.reviewed_at.isoformat() if article.reviewed_at else None,
        "comments_enabled": article.comments_enabled,
        "videos": [
            {
                "key": video.key,
                "url": video.url,
                "caption": video.caption,
                "missing_note": video.missing_note,
            }
            for video in article.videos.all()
        ],
    }


def comment_data(comment):
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "author_url": comment.author_url,
        "body": comment.body,
        "language": comment.language,
        "created_at": iso_utc(comment.created_at),
        "edited_at": iso_utc(comment.edited_at),
        "withdrawn_at": iso_utc(comment.withdrawn_at),
        "status": comment.status,
        "status_reason": comment.status_reason,
        "moderated_at": iso_utc(comment.moderated_at),
        "decline_reason": comment.decline_reason,
        "decline_note": comment.decline_note,
        "ip_address": comment.ip_address,
        "user_agent": comment.user_agent,
        "is_site_reply": comment.is_site_reply,
        "editor_note": comment.editor_note,
    }


def _json(data):
    return json.dumps(data, ensure_ascii=False)
