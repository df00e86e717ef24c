"""The reader of a Disqus export (the XML file that disqus.com/admin/discussions/export/ emails,
described by http://disqus.com/api/schemas/1.0/disqus.xsd): its threads and posts as records
for the one writer (importer.py).

An export lists categories, then every thread (one per page that had the Disqus embed), then
every post, each naming its thread and the post it answers by their `dsq:id`. A thread is
matched to an article by its address; with `create`, a thread matched to none becomes a draft.
What is kept while reading is one entry per thread and one id per post, so memory stays small
whatever the number of posts.
"""

import hashlib
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.utils.text import slugify

from .models import ImportedComment
from .records import ArticleRecord, CommentRecord, ImportFailed, ImportNote
from .wp_content import comment_text, post_markdown
from .xmlsafe import iterparse

DISQUS = "{http://disqus.com}"
INTERNALS = "{http://disqus.com/disqus-internals}"
DSQ_ID = f"{INTERNALS}id"

ON_UNKNOWN_THREAD = "comment on a thread that is not in the file"
DUPLICATE_POST = "comment repeated under the same id"
FLAGS = ("isSpam", "isDeleted", "isApproved")
TRUE, FALSE = {"true", "1"}, {"false", "0", ""}
SOURCE_ID_LENGTH = ImportedComment._meta.get_field("source_id").max_length


def forum_name(path):
    """The Disqus forum (site short name) that the export at `path` is of, "" if it names none.
    It is in the first category or thread, so only the head of the file is read."""
    for number, (event, element, line) in enumerate(iterparse(path)):
        if number == 0:
            _check_root(element, line)
        if event == "end" and element.tag == f"{DISQUS}forum":
            return (element.text or "").strip()
        if event == "start" and element.tag == f"{DISQUS}post":
            break
    return ""


def read_disqus(source, *, create=False, on_progress=None):
    """Yield the records of the Disqus export `source` (a path or a binary file), in file
    order: an ArticleRecord per thread, a CommentRecord per post, and an ImportNote for
    anything imported otherwise than the file has it, or skipped.

    A thread only matches an existing article (by its address) unless `create`: then one that
    matches none becomes a draft, titled as the thread, for an editor to write.
    """
    reader = _Reader(create=create)
    depth = 0  # of the element an event is about: 1 for <disqus>, 2 for what it declares
    for event, element, line in iterparse(source, on_progress=on_progress):
        if event == "start":
            if depth == 0:
                _check_root(element, line)
            depth += 1
            if depth == 2:
                start_line = line
            continue
        depth -= 1
        if depth != 1:
            continue
        if element.tag == f"{DISQUS}thread":
            yield from reader.thread(element, start_line)
        elif element.tag == f"{DISQUS}post":
            yield from reader.post(element, start_line)
        element.clear()


def _check_root(element, line):
    if element.tag != f"{DISQUS}disqus":
        name = element.tag.rpartition("}")[2]
        raise ImportFailed(
            f"this is not a Disqus export: it starts with <{name}>, not <disqus>", line
        )


class _Reader:
    def __init__(self, *, create):
        self.create = create
        # Thread dsq:id → the dsq:id its comments go to: itself, or the first thread at the
        # same address (Disqus keeps one per variant of an address: http and https, a query).
        self.threads = {}
        self.thread_at = {}  # address, evened out → dsq:id of the first thread there
        self.post_ids = set()

    def thread(self, element, line):
        # Posts name their thread by its dsq:id, or (as in Disqus's own import format) by
        # its <id>, the identifier the page gave the Disqus embed.
        thread_id = _source_id(element.get(DSQ_ID, "").strip() or _text(element, "id"))
        link = _text(element, "link")
        title = " ".join(_text(element, "title").split())
        if not thread_id:
            yield ImportNote(f"a thread without an id ({link or 'no address'}) was left out", line)
            return
        if thread_id in self.threads:
            yield ImportNote(f"thread {thread_id} appears twice: the second one was left out", line)
            return
        address = _even_address(link)
        if address and address in self.thread_at:
            first = self.thread_at[address]
            self.threads[thread_id] = first
            yield ImportNote(
                f"thread {thread_id} is at the same address as thread {first} ({link}): "
                "their comments go to the same article",
                line,
            )
            return
        self.threads[thread_id] = thread_id
        if address:
            self.thread_at[address] = thread_id
        elif not self.create:
            yield ImportNote(
                f"thread {thread_id} has no address, so no article can be found for it "
                "(with --create it becomes a draft)",
                line,
            )
        if _flag(element, "isDeleted"):
            yield ImportNote(f"thread {thread_id} was deleted at Disqus", line)
        message = post_markdown(_text(element, "message"))
        for note in message.notes:
            yield ImportNote(f"thread {thread_id}: {note}", line)
        yield ArticleRecord(
            source_id=thread_id,
            title=title or link or f"Disqus thread {thread_id}",
            slug=slugify(title) if self.create else "",
            body=message.markdown
            or f"The comments below come from Disqus ({link or 'no address'}).",
            published=False,
            videos=message.videos,
            published_at=_date(_text(element, "createdAt")),
            comments_open=not _flag(element, "isClosed"),
            link=link,
            match_only=not self.create,
            line=line,
        )

    def post(self, element, line):
        post_id = _source_id(element.get(DSQ_ID, "").strip() or _text(element, "id"))
        thread_id = _reference(element, "thread")
        if thread_id not in self.threads:
            about = f"comment {post_id}" if post_id else "a comment without an id"
            yield ImportNote(f"{about}: {ON_UNKNOWN_THREAD}", line, ON_UNKNOWN_THREAD)
            return
        message = _text(element, "message")
        author_name = _text(element, "author/name") or _text(element, "author/username")
        created = _text(element, "createdAt")
        if not post_id:
            # Made of what the comment says, so a later export of it gets the same id.
            post_id = _hashed_id("content", thread_id, created, author_name, message)
            yield ImportNote(f"a comment without an id: it is known here as {post_id}", line)
        if post_id in self.post_ids:
            yield ImportNote(f"comment {post_id}: {DUPLICATE_POST}", line, DUPLICATE_POST)
            return
        self.post_ids.add(post_id)
        parent_id = _reference(element, "parent")
        if parent_id == post_id:
            yield ImportNote(f"comment {post_id} answers itself: imported as a new thread", line)
            parent_id = ""
        email = _text(element, "author/email")
        if not email:
            yield ImportNote(f"comment {post_id} has no email address", line)
        created_at = _date(created)
        if created and created_at is None:
            yield ImportNote(f"comment {post_id}: the date “{created}” is not a date", line)
        flags = {
            name: _text(element, name).lower() for name in ("isSpam", "isDeleted", "isApproved")
        }
        for name, value in flags.items():
            if value not in TRUE | FALSE:
                yield ImportNote(f"comment {post_id}: {name} is “{value}”, read as false", line)
        yield CommentRecord(
            source_id=post_id,
            article_source_id=self.threads[thread_id],
            parent_source_id=parent_id,
            author_name=author_name,
            author_email=email,
            body=comment_text(message),
            created_at=created_at,
            status=_status(flags),
            ip_address=_text(element, "ipAddress") or None,
            line=line,
        )


def _status(flags):
    """Spam first, so that the spam filter learns it whatever else became of it; a post is
    pending only where the export says it is not approved (most exports do not say)."""
    if flags["isSpam"] in TRUE:
        return "spam"
    if flags["isDeleted"] in TRUE:
        return "removed"
    if flags["isApproved"] in FALSE - {""}:
        return "pending"
    return "approved"


def _source_id(value):
    """`value` as an id at the source; one too long for the mapping tables (an <id> may be a
    whole address) is replaced by its hash."""
    return value if len(value) <= SOURCE_ID_LENGTH else _hashed_id("long", value)


def _hashed_id(kind, *parts):
    return f"{kind}-" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]


def _text(element, path):
    found = element.find("/".join(f"{DISQUS}{step}" for step in path.split("/")))
    return (found.text or "").strip() if found is not None else ""


def _reference(element, name):
    """The dsq:id that the child `name` (<thread dsq:id="…"/>, <parent …/>) refers to."""
    found = element.find(f"{DISQUS}{name}")
    return "" if found is None else _source_id((found.get(DSQ_ID) or found.text or "").strip())


def _flag(element, name):
    return _text(element, name).lower() in TRUE


def _date(text):
    """An aware datetime from Disqus's ISO 8601 time, which is UTC with or without its "Z"."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _even_address(link):
    """An address as two threads of one page differ in it only by scheme, "www.", a trailing
    slash, a fragment or tracking parameters: what is left."""
    if not link:
        return ""
    parts = urlsplit(link.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_")))
    return f"{host}{parts.path.rstrip('/')}?{query}"
