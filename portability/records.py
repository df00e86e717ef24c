"""What an export holds, as the readers of each format (wxr.py, disqus.py) hand it to the one
writer (importer.py): plain records, already converted to the site's formats, in file order.

A reader yields an ArticleRecord before the CommentRecords on it, and may yield ImportNotes
about anything it skipped or changed; every record carries the line of the file it came from,
so the summary and any error can point at it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class VideoRecord:
    key: str  # the `[video: key]` line placed in the article's body
    url: str  # a YouTube or Vimeo address (articles/videos.py)
    caption: str
    missing_note: str = ""  # shown in the video's place while it has no usable address


@dataclass
class ArticleRecord:
    source_id: str
    title: str
    slug: str  # may be "" (a Disqus thread): the writer then matches by `link` only
    body: str  # Markdown, in the site's article format (articles/rendering.py)
    summary: str = ""
    language: str = ""  # a language code (en, pt-br); "": the site's (LANGUAGE_CODE)
    published: bool = True  # False: imported as a draft
    published_at: datetime | None = None  # aware; None: now
    updated_at: datetime | None = None  # when the text last changed at the source
    reviewed_on: date | None = None
    comments_open: bool = True
    videos: list[VideoRecord] = field(default_factory=list)
    # The article's address at the source (absolute URL), and other old paths or
    # path-and-queries ("/?p=123", "/2010/05/slug/", "/slug/feed/") that should answer 301
    # with the new address.
    link: str = ""
    old_paths: list[str] = field(default_factory=list)
    # Old paths of the article's comment feed ("/slug/feed/"): answered with its comment feed.
    comment_feed_paths: list[str] = field(default_factory=list)
    # Only match an existing article (by mapping, slug or link): never create one.
    match_only: bool = False
    line: int = 0


@dataclass
class CommentRecord:
    source_id: str
    article_source_id: str
    parent_source_id: str = ""  # "" for a top-level comment
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""
    body: str = ""  # plain text, paragraphs separated by a blank line
    language: str = ""  # a language code (en, pt-br); "": not known, taken as its article's
    created_at: datetime | None = None  # aware (UTC at the source)
    status: str = "pending"  # a comments.models.Comment.Status value
    ip_address: str | None = None
    user_agent: str = ""
    is_site_reply: bool = False
    # What this site's own export (portability/export.py) keeps beside the text.
    edited_at: datetime | None = None
    withdrawn_at: datetime | None = None  # withdrawn by its author: name and text are empty
    editor_note: str = ""
    line: int = 0


@dataclass
class OldAddress:
    """An old path of the source site as a whole (its feed: "/feed/", "/?feed=rss2") that
    should answer 301 with `target`, a path of this site."""

    path: str
    target: str
    line: int = 0


@dataclass
class ImportNote:
    """Something imported differently from the file, or skipped; `counts_as` names the
    summary's line ("skipped: pingback") when it is a skip, "" when it is only a note."""

    message: str
    line: int = 0
    counts_as: str = ""


class ImportFailed(Exception):
    """The file cannot be imported (broken, truncated, hostile): nothing of it is kept."""

    def __init__(self, message, line=0):
        super().__init__(f"line {line}: {message}" if line else message)
        self.message = message
        self.line = line
