"""The one writer of imports: what the readers (wxr.py, disqus.py) hand over as records becomes
articles, comments, videos and redirects here, the same way whatever the file was.

- One transaction: a broken file (the reader raises ImportFailed) or any error keeps nothing;
  a dry run does the whole import and rolls it back.
- A second import of the same export changes nothing: every article and comment is mapped to
  its id at the source (ImportedArticle, ImportedComment) and found by it again.
- Importing into a site that already has content merges: an article with the same slug or
  address is kept as it is, and a comment already on it with the same author and text is
  matched, not copied.
- Memory stays flat as files grow: comments are written in batches, and what is kept of each
  is a few integers (where it went and how deep), for its replies to find.
"""

import ipaddress
import re
import time
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Video, validate_language_code
from comments import spamfilter, triage
from comments.models import MAX_DEPTH, Comment, ancestors_lookups

from .models import ImportedArticle, ImportedComment
from .records import ArticleRecord, CommentRecord, ImportFailed, ImportNote, OldAddress

# Comments written per bulk insert, and read back per query when the spam filter learns them.
BATCH_SIZE = 1000
# Warnings printed in the summary; the rest are counted.
SHOWN_WARNINGS = 50

# What the summary counts, in the order it names them.
KINDS = ("article", "comment", "video", "redirect")
NOT_MATCHED = "thread not matched to an article"
# What a comment's status at the source teaches the spam filter.
SPAM_LABELS = {
    Comment.Status.APPROVED: Comment.SpamLabel.HAM,
    Comment.Status.SPAM: Comment.SpamLabel.SPAM,
}
# Typographic quotes fold to plain ones when comments are compared: a copy taken from a page
# (as the seed comments were) has the curly quotes WordPress shows, its export the plain ones.
PLAIN_QUOTES = str.maketrans("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f", "''''\"\"\"\"")
COMMENT_ANCHOR = re.compile(r"comment-(\d+)")
MAX_LENGTHS = {
    name: Comment._meta.get_field(name).max_length
    for name in ("author_name", "author_url", "user_agent", "status_reason")
}
LANGUAGE_LENGTH = Comment._meta.get_field("language").max_length
validate_website = URLValidator(schemes=["http", "https"])


@dataclass
class Summary:
    """What an import did, counted by kind ("article", "comment", "redirect", "video")."""

    source: str
    dry_run: bool = False
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    # Already on this site before any import (same slug or address; same author and text).
    matched: Counter = field(default_factory=Counter)
    # Imported from this source before, and left as they are.
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # reason → how many
    # Things imported otherwise than the file has them, too many to warn of one by one.
    adjusted: Counter = field(default_factory=Counter)
    warnings: list = field(default_factory=list)  # (line, message): the first SHOWN_WARNINGS
    warning_count: int = 0
    elapsed: float = 0.0

    def warn(self, message, line=0):
        self.warning_count += 1
        if len(self.warnings) < SHOWN_WARNINGS:
            self.warnings.append((line, message))

    def lines(self):
        """The summary as the import commands print it."""
        lines = ["Dry run: nothing was saved."] if self.dry_run else []
        lines.append(f"Imported from {self.source} in {self.elapsed:.1f} s.")
        for heading, counts in (
            ("Created", self.created),
            ("Updated", self.updated),
            ("Matched to what was already on this site", self.matched),
            ("Unchanged since an earlier import", self.unchanged),
        ):
            if +counts:
                lines.append(f"{heading}: {_counted(counts)}.")
        for heading, counts in (("Skipped", self.skipped), ("Imported differently", self.adjusted)):
            if counts:
                lines.append(f"{heading}:")
                lines += [f"  {reason}: {count}" for reason, count in sorted(counts.items())]
        if self.warning_count:
            lines.append(f"Warnings ({self.warning_count}):")
            for line, message in sorted(self.warnings, key=lambda warning: warning[0]):
                lines.append(f"  line {line}: {message}" if line else f"  {message}")
            if self.warning_count > len(self.warnings):
                lines.append(f"  … and {self.warning_count - len(self.warnings)} more")
        return lines


def _counted(counts):
    """ "2 articles, 1 comment": the kinds in KINDS' order, none of nothing."""
    kinds = sorted(+counts, key=lambda kind: KINDS.index(kind) if kind in KINDS else len(KINDS))
    return ", ".join(f"{counts[kind]} {kind}{'s' * (counts[kind] != 1)}" for kind in kinds)


def import_records(records, *, source, dry_run=False, rewrite_links=None):
    """Import `records` (a reader's ArticleRecords, CommentRecords, OldAddresses and
    ImportNotes, in file order) from `source` ("wordpress https://blog.example.com"); returns
    the Summary.

    `rewrite_links(markdown, link_for=...)` rewrites the links of an imported body once every
    article is in: `link_for(url)` gives an old address's new one, or None.
    """
    started = time.monotonic()
    summary = Summary(source=source, dry_run=dry_run)
    with transaction.atomic():
        run = _Import(source, summary, rewrite_links=rewrite_links)
        for record in records:
            run.add(record)
        run.finish()
        if dry_run:
            transaction.set_rollback(True)
    summary.elapsed = time.monotonic() - started
    return summary


class _Import:
    def __init__(self, source, summary, *, rewrite_links):
        self.source = source
        self.summary = summary
        self.rewrite_links = rewrite_links
        # One time for every mapping this run writes, and for what the source left undated.
        self.now = timezone.now()
        self.site = Site.objects.get_current()
        # Article source id → article pk, or None for a thread matched to no article.
        self.articles = {}
        # Article pk → its language: that of its imported comments that name none.
        self.languages = {}
        # Articles that were here before this run: their comments are matched by author and
        # text, loaded at the first comment that needs it (article pk → {key: placed}).
        self.merging = set()
        self.existing_comments = {}
        # Comment source id → (pk, depth, parent pk, article pk), for replies to find.
        self.placed = {}
        self.batch = []
        # Comments whose parent comes later in the file: parent source id → records.
        self.waiting = defaultdict(list)
        # Old path → new path, for the redirects table and for rewriting links in bodies.
        self.redirects = {}
        # Articles whose bodies this run wrote: their links are rewritten at the end.
        self.written_articles = []
        # Comments created with a spam label: the spam filter learns them at the end.
        self.labelled_comments = array("q")

    def add(self, record):
        if isinstance(record, ArticleRecord):
            self._article(record)
        elif isinstance(record, CommentRecord):
            self._comment(record)
        elif isinstance(record, OldAddress):
            self._redirect(record.path, record.target, record.line)
        elif isinstance(record, ImportNote):
            if record.counts_as:
                self.summary.skipped[record.counts_as] += 1
            else:
                self.summary.warn(record.message, record.line)
        else:
            raise TypeError(f"Not an import record: {record!r}")

    def finish(self):
        self._flush()
        self._place_orphans()
        self._write_redirects()
        self._rewrite_links()
        self._learn_spam()

    # Articles ----------------------------------------------------------------------------

    def _article(self, record):
        mapping = (
            ImportedArticle.objects.filter(source=self.source, source_id=record.source_id)
            .select_related("article")
            .first()
        )
        if mapping is not None:
            article = mapping.article
            self.merging.add(article.pk)
            if _changed_since(record, mapping):
                self._update(article, record)
                mapping.imported_at = self.now
                mapping.save(update_fields=["imported_at"])
                self.summary.updated["article"] += 1
            else:
                self.summary.unchanged["article"] += 1
        elif article := self._existing_article(record):
            self.merging.add(article.pk)
            self._map(article, record)
            self.summary.matched["article"] += 1
        elif record.match_only:
            self.articles[record.source_id] = None
            return
        else:
            article = self._create(record)
            self._map(article, record)
            self.summary.created["article"] += 1
        self.articles[record.source_id] = article.pk
        self.languages[article.pk] = article.language
        self._article_redirects(article, record)

    def _map(self, article, record):
        ImportedArticle.objects.create(
            source=self.source, source_id=record.source_id, article=article, imported_at=self.now
        )

    def _existing_article(self, record):
        """The article already here that `record` is: the same slug, or at its address."""
        if record.slug and (article := Article.objects.filter(slug=record.slug).first()):
            return article
        path = _path(record.link)
        if not path:
            return None
        redirected = (
            Redirect.objects.filter(site=self.site, old_path=path)
            .values_list("new_path", flat=True)
            .first()
        )
        try:
            match = resolve(urlsplit(redirected or path).path)
        except Resolver404:
            return None
        if match.view_name != "articles:detail":
            return None
        return Article.objects.filter(slug=match.kwargs["slug"]).first()

    def _create(self, record):
        article = Article(slug=self._free_slug(record), **self._article_fields(record))
        article.save()
        self._add_videos(article, record)
        # Saving dates a new article's text now; it last changed when the source says.
        Article.objects.filter(pk=article.pk).update(
            updated_at=record.updated_at or article.published_at
        )
        self.written_articles.append(article.pk)
        return article

    def _update(self, article, record):
        for name, value in self._article_fields(record).items():
            setattr(article, name, value)
        article.save()
        Video.objects.filter(article=article).delete()
        self._add_videos(article, record)
        Article.objects.filter(pk=article.pk).update(updated_at=record.updated_at)
        self.written_articles.append(article.pk)

    def _article_fields(self, record):
        title_length = Article._meta.get_field("title").max_length
        if len(record.title) > title_length:
            self.summary.warn(f"title shortened to {title_length} characters", record.line)
        published = Article.Status.PUBLISHED if record.published else Article.Status.DRAFT
        # An article's language not named in the file: a new one gets the site's, one here
        # already keeps its own.
        language = self._language(record.language, f"post {record.source_id}", record.line)
        return {
            **({"language": language} if language else {}),
            "title": record.title[:title_length],
            "summary": record.summary,
            "body": record.body,
            "status": published,
            "published_at": record.published_at or self.now,
            "reviewed_at": record.reviewed_on,
            "comments_enabled": record.comments_open,
        }

    def _free_slug(self, record):
        """The record's slug, or one made from its title that no article has yet."""
        length = Article._meta.get_field("slug").max_length - 10
        base = slugify(record.slug or record.title)[:length].strip("-") or "article"
        slug, number = base, 1
        while Article.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    def _add_videos(self, article, record):
        videos, keys = [], set()
        for video in record.videos:
            if video.key in keys:
                self.summary.warn(
                    f"a second video with the key “{video.key}” left out", record.line
                )
                continue
            keys.add(video.key)
            videos.append(
                Video(
                    article=article,
                    key=video.key,
                    url=video.url,
                    caption=video.caption[:200],
                    missing_note=video.missing_note[:200],
                )
            )
        Video.objects.bulk_create(videos)
        self.summary.created["video"] += len(videos)

    # Redirects ---------------------------------------------------------------------------

    def _article_redirects(self, article, record):
        target = article.get_absolute_url()
        for path in [*record.old_paths, _path(record.link)]:
            self._redirect(path, target, record.line)
        feed = reverse("seo:comments_rss", kwargs={"slug": article.slug})
        for path in record.comment_feed_paths:
            self._redirect(path, feed, record.line)

    def _redirect(self, path, target, line):
        # The old home page ("/", a page WordPress showed as its front page) stays this
        # site's home page.
        if path in ("", "/", target):
            return
        if len(path) > Redirect._meta.get_field("old_path").max_length:
            self.summary.warn(f"the old address {path} is too long for a redirect", line)
            return
        earlier = self.redirects.setdefault(path, target)
        if earlier != target:
            self.summary.warn(f"the old address {path} already leads to {earlier}", line)

    def _write_redirects(self):
        paths = list(self.redirects)
        for start in range(0, len(paths), BATCH_SIZE):
            chunk = paths[start : start + BATCH_SIZE]
            existing = dict(
                Redirect.objects.filter(site=self.site, old_path__in=chunk).values_list(
                    "old_path", "new_path"
                )
            )
            new = []
            for path in chunk:
                target = self.redirects[path]
                if path not in existing:
                    new.append(Redirect(site=self.site, old_path=path, new_path=target))
                elif existing[path] == target:
                    self.summary.unchanged["redirect"] += 1
                else:
                    # An editor's redirect (or an earlier import's) wins over the file's.
                    self.summary.warn(
                        f"the redirect of {path} to {existing[path]} was kept (the file would "
                        f"lead it to {target})"
                    )
            Redirect.objects.bulk_create(new)
            self.summary.created["redirect"] += len(new)

    def _rewrite_links(self):
        """Links in the bodies written by this run that lead to the old site's articles lead
        to their new addresses (to a comment's lasting address for #comment-123)."""
        if not self.rewrite_links:
            return
        for start in range(0, len(self.written_articles), BATCH_SIZE):
            chunk = self.written_articles[start : start + BATCH_SIZE]
            for pk, body in Article.objects.filter(pk__in=chunk).values_list("pk", "body"):
                rewritten = self.rewrite_links(body, link_for=self._new_address)
                if rewritten != body:
                    Article.objects.filter(pk=pk).pages_changed(body=rewritten)

    def _new_address(self, url):
        parts = urlsplit(url)
        path = _path(url)
        target = self.redirects.get(path)
        if target is None and not parts.query and not parts.path.endswith("/"):
            target = self.redirects.get(f"{path}/")
        if target is None:
            return None
        if anchor := COMMENT_ANCHOR.fullmatch(parts.fragment):
            mapping = ImportedComment.objects.filter(source=self.source, source_id=anchor[1])
            if comment := mapping.values_list("comment", flat=True).first():
                return reverse("comments:permalink", kwargs={"pk": comment})
        return f"{target}#{parts.fragment}" if parts.fragment else target

    # Comments ----------------------------------------------------------------------------

    def _comment(self, record):
        if record.article_source_id not in self.articles:
            raise ImportFailed(
                f"comment {record.source_id} belongs to {record.article_source_id}, which the "
                "file does not hold before it",
                record.line,
            )
        if self.articles[record.article_source_id] is None:
            self.summary.skipped[NOT_MATCHED] += 1
            return
        if record.status not in Comment.Status.values:
            raise ImportFailed(f"comment status “{record.status}” is not known", record.line)
        self.batch.append(record)
        if len(self.batch) >= BATCH_SIZE:
            self._flush()

    def _flush(self):
        records, self.batch = self.batch, []
        known = self._imported_before([record.source_id for record in records])
        todo = []
        for record in records:
            if record.source_id in known:
                self.placed[record.source_id] = known[record.source_id]
                self.summary.unchanged["comment"] += 1
                todo += self.waiting.pop(record.source_id, [])
            else:
                todo.append(record)
        self._place(todo)

    def _imported_before(self, source_ids):
        """Where the comments of this source with these ids went in an earlier import."""
        ancestors = [f"comment__{prefix}id" for prefix in ancestors_lookups()]
        rows = ImportedComment.objects.filter(source=self.source, source_id__in=source_ids)
        return {
            source_id: (pk, 1 + sum(pk is not None for pk in above), above[0], article_pk)
            for source_id, pk, article_pk, *above in rows.values_list(
                "source_id", "comment_id", "comment__article_id", *ancestors
            )
        }

    def _place(self, records):
        """Write `records`, each once the comment it answers is written: a reply to a comment
        of the same batch goes in a later round, one to a comment not yet seen waits."""
        while records:
            pending = {record.source_id for record in records}
            ready, later = [], []
            for record in records:
                parent = record.parent_source_id
                if not parent or parent in self.placed:
                    ready.append(record)
                elif parent in pending and parent != record.source_id:
                    later.append(record)
                else:
                    self.waiting[parent].append(record)
            if not ready:  # replies to each other in a ring: they wait for the end
                for record in later:
                    self.waiting[record.parent_source_id].append(record)
                return
            written = self._write(ready)
            records = later + [child for pk in written for child in self.waiting.pop(pk, [])]

    def _write(self, records):
        """Match or create these comments, whose parents are placed; returns their ids."""
        new, mappings, written = [], [], set()
        for record in records:
            if record.source_id in self.placed or record.source_id in written:
                self.summary.warn(
                    f"a comment with the same id ({record.source_id}) as an earlier one was "
                    "left out",
                    record.line,
                )
                continue
            written.add(record.source_id)
            article_pk = self.articles[record.article_source_id]
            if article_pk in self.merging and (same := self._same_comment(article_pk, record)):
                self.placed[record.source_id] = same
                mappings.append(self._mapping(record.source_id, same[0]))
                self.summary.matched["comment"] += 1
                continue
            parent_pk, depth = self._parent(record, article_pk)
            comment = self._new_comment(record, article_pk, parent_pk)
            new.append((record.source_id, comment, depth))
        Comment.objects.bulk_create([comment for _, comment, _ in new])
        for source_id, comment, depth in new:
            self.placed[source_id] = (comment.pk, depth, comment.parent_id, comment.article_id)
            mappings.append(self._mapping(source_id, comment.pk))
            if comment.spam_label:
                self.labelled_comments.append(comment.pk)
        ImportedComment.objects.bulk_create(mappings)
        self.summary.created["comment"] += len(new)
        return written

    def _mapping(self, source_id, comment_pk):
        return ImportedComment(
            source=self.source, source_id=source_id, comment_id=comment_pk, imported_at=self.now
        )

    def _parent(self, record, article_pk):
        """(parent pk, depth) of a new comment: under the comment it answers, or beside it
        when that one is at the deepest level (as services.reply_parent places replies)."""
        if not record.parent_source_id:
            return None, 1
        pk, depth, parent_pk, parent_article_pk = self.placed[record.parent_source_id]
        if parent_article_pk != article_pk:
            self.summary.warn(
                f"comment {record.source_id} answers a comment on another post: imported as a "
                "new thread",
                record.line,
            )
            return None, 1
        if depth < MAX_DEPTH:
            return pk, depth + 1
        self.summary.adjusted[
            f"replies deeper than {MAX_DEPTH} levels, placed beside the comment they answer"
        ] += 1
        return parent_pk, MAX_DEPTH

    def _place_orphans(self):
        """Comments whose parent never came: each starts a thread of its own, with a warning,
        and the replies waiting for it follow it."""
        while self.waiting:
            also_waiting = {record.source_id for group in self.waiting.values() for record in group}
            missing = [parent for parent in self.waiting if parent not in also_waiting]
            orphans = [
                record
                for parent in missing or list(self.waiting)
                for record in self.waiting.pop(parent)
            ]
            for record in orphans:
                self.summary.warn(
                    f"comment {record.source_id} answers comment {record.parent_source_id}, "
                    "which is not in the file: imported as a new thread",
                    record.line,
                )
                record.parent_source_id = ""
            self._place(orphans)

    def _same_comment(self, article_pk, record):
        """A comment that was on the article before, with the record's author and text, that
        no other comment of this source was matched to; taken, so it is matched only once."""
        if article_pk not in self.existing_comments:
            self.existing_comments[article_pk] = self._comments_before(article_pk)
        return self.existing_comments[article_pk].pop(
            _comment_key(record.author_name, record.body), None
        )

    def _comments_before(self, article_pk):
        mapped = ImportedComment.objects.filter(source=self.source).values("comment_id")
        comments = Comment.objects.filter(article_id=article_pk).exclude(pk__in=mapped)
        ancestors = [f"{prefix}id" for prefix in ancestors_lookups()]
        found = {}
        for pk, name, body, *above in comments.values_list(
            "pk", "author_name", "body", *ancestors
        ).iterator(chunk_size=BATCH_SIZE):
            depth = 1 + sum(ancestor is not None for ancestor in above)
            found.setdefault(_comment_key(name, body), (pk, depth, above[0], article_pk))
        return found

    def _new_comment(self, record, article_pk, parent_pk):
        comment = Comment(
            article_id=article_pk,
            parent_id=parent_pk,
            author_name=self._author_name(record),
            author_email=self._email(record),
            author_url=self._website(record),
            body=record.body,
            language=self._language(record.language, f"comment {record.source_id}", record.line)
            or self.languages[article_pk],
            created_at=record.created_at or self.now,
            status=record.status,
            status_reason=f"Imported from {self.source}."[: MAX_LENGTHS["status_reason"]],
            ip_address=self._ip(record),
            user_agent=record.user_agent[: MAX_LENGTHS["user_agent"]],
            is_site_reply=record.is_site_reply,
            edited_at=record.edited_at,
            withdrawn_at=record.withdrawn_at,
            editor_note=record.editor_note,
            spam_label=SPAM_LABELS.get(record.status, Comment.SpamLabel.NONE),
        )
        if comment.status == Comment.Status.PENDING:
            # The moderation queue ranks what waits by its triage, as for a new comment.
            triage.triage(comment)
        return comment

    def _language(self, code, what, line):
        """`code` if it is a language code the site can store, else "" (with a warning)."""
        if not code:
            return ""
        try:
            validate_language_code(code)
        except ValidationError:
            valid = False
        else:
            valid = len(code) <= LANGUAGE_LENGTH
        if not valid:
            self.summary.warn(f"{what}: “{code}” is not a language code, left out", line)
            return ""
        return code

    def _author_name(self, record):
        name = " ".join(record.author_name.split())
        if len(name) > MAX_LENGTHS["author_name"]:
            self.summary.warn(
                f"comment {record.source_id}: the author's name shortened", record.line
            )
        return name[: MAX_LENGTHS["author_name"]]

    def _email(self, record):
        email = record.author_email.strip()
        if not email:
            return ""
        try:
            validate_email(email)
        except ValidationError:
            self.summary.warn(
                f"comment {record.source_id}: “{email}” is not an email address, left out",
                record.line,
            )
            return ""
        return email

    def _website(self, record):
        url = record.author_url.strip()
        if url in ("", "http://", "https://"):
            return ""
        try:
            validate_website(url)
        except ValidationError:
            valid = False
        else:
            valid = len(url) <= MAX_LENGTHS["author_url"]
        if not valid:
            self.summary.warn(
                f"comment {record.source_id}: the website “{url}” is not an http(s) address, "
                "left out",
                record.line,
            )
            return ""
        return url

    def _ip(self, record):
        if not record.ip_address:
            return None
        try:
            return str(ipaddress.ip_address(record.ip_address.strip()))
        except ValueError:
            self.summary.warn(
                f"comment {record.source_id}: “{record.ip_address}” is not an IP address, left out",
                record.line,
            )
            return None

    def _learn_spam(self):
        """The spam filter learns the source's decisions once every comment is in: approved
        ones as genuine, spam as spam (the label each was created with)."""
        fields = ("author_name", "author_url", "body", "spam_label")
        for start in range(0, len(self.labelled_comments), BATCH_SIZE):
            pks = list(self.labelled_comments[start : start + BATCH_SIZE])
            spamfilter.relearn(after=list(Comment.objects.filter(pk__in=pks).only(*fields)))


def _changed_since(record, mapping):
    """Whether the source changed the article after it was imported, and after its last
    change here (an editor's later change wins)."""
    changed = record.updated_at
    return (
        changed is not None
        and changed > mapping.imported_at
        and changed > mapping.article.updated_at
    )


def _path(url):
    """The path and query of an address ("/?p=123", "/2010/05/slug/"), or ""."""
    if not url:
        return ""
    parts = urlsplit(url)
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def _comment_key(name, text):
    """What two copies of a comment have alike: the author's name and the text, with
    whitespace and typographic quotes evened out; hashed, so that the comments of a long
    thread are held as numbers, not texts."""
    return hash((" ".join(name.split()).casefold(), " ".join(text.translate(PLAIN_QUOTES).split())))
