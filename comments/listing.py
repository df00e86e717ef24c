"""What a reader sees of an article's comments: one page of threads, and the page that holds a
given comment.

A page holds COMMENTS_PER_PAGE top-level comments, oldest first, each with its replies (at most
MAX_DEPTH levels deep). It costs one query whatever the number of comments: the page's threads,
each row also carrying the count of top-level comments the reader sees (for the paging), built
into a tree in Python. How many comments every reader sees is the article's `comment_count`,
kept by every write (comments/models.py).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from .models import MAX_DEPTH, Comment

# Beyond any article's last page; a bound, so that no page number overflows the database's
# integers.
MAX_PAGE_NUMBER = 1_000_000
# What the page shows of a comment; the email, IP address and user agent stay in the database.
SHOWN_FIELDS = [
    "article",
    "parent",
    "author_name",
    "author_url",
    "body",
    "language",
    "created_at",
    "status",
    "is_site_reply",
    "withdrawn_at",
    "editor_note",
]


@dataclass
class CommentPage:
    """One page of an article's comments as one reader sees them."""

    threads: list  # top-level comments, each with `thread_replies` (recursively)
    page: Page
    approved_count: int  # on every page of the article, replies included
    url: str  # this page's address (the article's, with ?page=N after the first)

    def approved_comments(self):
        """The page's comments every reader sees (not the poster's own waiting ones)."""
        return [comment for comment in walk(self.threads) if comment.is_approved]

    def find(self, pk):
        """The approved comment `pk` if it is on this page, else None (costs no query)."""
        return next((c for c in self.approved_comments() if str(c.pk) == str(pk)), None)

    @property
    def reply_url(self):
        """This page's address, ready for a comment id: Reply links work without JavaScript."""
        return f"{self.url}{'&' if '?' in self.url else '?'}replytocom="

    def page_links(self):
        """The numbered links of the page navigation; None stands for skipped pages (…)."""
        article_url = self.url.partition("?")[0]
        return [
            {"number": number, "url": page_url(article_url, number)}
            if isinstance(number, int)
            else None
            for number in self.page.paginator.get_elided_page_range(self.page.number)
        ]

    def previous_url(self):
        return page_url(self.url.partition("?")[0], self.page.previous_page_number())

    def next_url(self):
        return page_url(self.url.partition("?")[0], self.page.next_page_number())


class CountedPaginator(Paginator):
    """A Paginator told its count, which the page's counting query already has."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.count = count  # replaces the cached_property, so no COUNT query is made


def page_url(article_url, number):
    """The address of page `number`: the article's own for the first page."""
    return article_url if number == 1 else f"{article_url}?page={number}"


def build_comment_page(article, *, number=1, own_ids=()):
    """Page `number` of `article`'s comments for a reader whose own comments are `own_ids`.

    One query: the page's threads, each row also carrying how many top-level comments the
    reader sees in all (for the paging). Raises Paginator's InvalidPage for a page that does
    not exist (`number` not a number from 1 to the last page)."""
    roots = (
        Comment.objects.filter(article=article, parent__isnull=True)
        .shown_to(own_ids)
        .order_by("created_at", "pk")
    )
    number, per_page = page_number(number), settings.COMMENTS_PER_PAGE
    page_roots = roots[(number - 1) * per_page : number * per_page].values("pk")
    # Whether each comment is shown is a column, not a condition: in the WHERE clause it led
    # the database to read every approved comment of the site by status, instead of the page's
    # threads by id and parent.
    rows = list(
        Comment.objects.filter(in_threads(page_roots))
        .annotate(
            shown=ExpressionWrapper(Comment.objects.shown_alone(own_ids), BooleanField()),
            roots_in_all=Subquery(
                roots.order_by().values("article").annotate(n=Count("pk")).values("n")
            ),
        )
        .order_by("created_at", "pk")
        .only(*SHOWN_FIELDS)
    )
    count = rows[0].roots_in_all if rows else 0
    comments = [comment for comment in rows if comment.shown]
    prepare_for_page(comments)
    page = CountedPaginator(roots, per_page, count=count).page(number)
    return CommentPage(
        threads=as_threads(comments),
        page=page,
        approved_count=article.comment_count,
        url=page_url(article.get_absolute_url(), page.number),
    )


def prepare_for_page(comments):
    """What the template writes of each comment that it would otherwise work out per comment:
    its Report address (comments/report_views.py), made from one reversed address, and the
    year of a comment written before context_before() ("Written in 2010"), else None."""
    pattern = reverse("comments:report", kwargs={"pk": 0})
    before = context_before()
    for comment in comments:
        comment.report_url = pattern.replace("/0/", f"/{comment.pk}/", 1)
        old = before is not None and comment.created_at < before
        comment.written_in = comment.created_at.year if old else None


def context_before():
    """Comments written before this carry a "Written in <year>" line: COMMENTS_CONTEXT_AFTER_YEARS
    ago, or None when that is 0."""
    years = settings.COMMENTS_CONTEXT_AFTER_YEARS
    if not years:
        return None
    now = timezone.now()
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # February 29th, in a year that has none
        return now.replace(year=now.year - years, day=28)


def page_number(value):
    """The page number asked for: a whole number from 1 to MAX_PAGE_NUMBER, else InvalidPage.
    (Whether the page exists is known once its comments are read.)"""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise PageNotAnInteger("That page number is not a whole number.") from None
    if not 1 <= number <= MAX_PAGE_NUMBER:
        raise EmptyPage("That page contains no results.")
    return number


def in_threads(roots):
    """Q: the comment is one of `roots` (a subquery of ids) or under one, MAX_DEPTH levels in
    all. Each level is found by parent (indexed): no row of the rest of the article is read."""
    condition, level = Q(pk__in=roots), roots
    for _ in range(MAX_DEPTH - 1):
        level = Comment.objects.filter(parent__in=level).values("pk")
        condition |= Q(pk__in=level)
    return condition


def comment_location(comment, *, own_ids=()):
    """The address of the page that holds `comment` for this reader, with its anchor.

    One query counts the top-level comments shown before the comment's thread (the thread's
    top is read through `parent`, which callers select_related to save the queries)."""
    top = comment
    # At most MAX_DEPTH - 1 parents up, even on a row whose parents loop (written past
    # Comment.parent_problem()): such a comment is placed by the highest one reached.
    for _ in range(MAX_DEPTH - 1):
        if top.parent_id is None:
            break
        top = top.parent
    earlier = (
        Comment.objects.filter(
            article_id=comment.article_id, parent__isnull=True, created_at__lte=top.created_at
        )
        .shown_to(own_ids)
        .exclude(created_at=top.created_at, pk__gte=top.pk)
        .count()
    )
    number = earlier // settings.COMMENTS_PER_PAGE + 1
    return f"{page_url(comment.article.get_absolute_url(), number)}#comment-{comment.pk}"


def as_threads(comments):
    """The top-level comments, each with `thread_replies`: its replies, oldest first.

    A reply whose parent the reader cannot see is left out with it.
    """
    comments = list(comments)
    by_id = {comment.pk: comment for comment in comments}
    roots = []
    for comment in comments:
        comment.thread_replies = []
    for comment in comments:
        if comment.parent_id is None:
            roots.append(comment)
        elif parent := by_id.get(comment.parent_id):
            parent.thread_replies.append(comment)
    return roots


def walk(threads):
    for comment in threads:
        yield comment
        yield from walk(comment.thread_replies)
