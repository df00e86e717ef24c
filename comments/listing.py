"""What a reader sees of an article's comments: one page of threads, and the page that holds a
given comment.

A page holds COMMENTS_PER_PAGE top-level comments, oldest first, each with its replies (which
never go more than MAX_DEPTH levels deep, so a thread's top-level comment is at most two
parents up). A page costs two queries whatever the number of comments: one counts (the
approved comments, for the heading and JSON-LD, and the top-level ones, for the paging), one
fetches the page's threads, which are then built into a tree in Python.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Case, Func, IntegerField, Q, Subquery, Value, When

from articles.models import Article
from articles.pagecache import do_not_keep

from .models import Comment
from .session import posted_comment_ids

# What the page shows of a comment; the email, IP address and user agent stay in the database.
SHOWN_FIELDS = [
    "article",
    "parent",
    "author_name",
    "author_url",
    "body",
    "created_at",
    "status",
    "is_site_reply",
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


def page_number(value):
    """The page asked for: a number below 1 means the first; anything not a number, too.
    (Beyond the last page, Paginator.get_page shows the last.)"""
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def comment_page(request, article):
    """The page of `article`'s comments this request asks for (`?page=`), as this reader sees
    them (with their own waiting comments). Worked out once per request: the comment section
    and the JSON-LD share it."""
    pages = request.__dict__.setdefault("_comment_pages", {})
    if article.pk not in pages:
        asked = page_number(request.GET.get("page"))
        pages[article.pk] = build_comment_page(
            article, number=asked, posted_ids=posted_comment_ids(request)
        )
        if pages[article.pk].page.number != asked:
            do_not_keep(request)  # e.g. ?page=999 showing the last page: not kept under 999
    return pages[article.pk]


def build_comment_page(article, *, number=1, posted_ids=()):
    counts = comment_counts(article, posted_ids=posted_ids)
    roots = (
        Comment.objects.filter(article=article, parent__isnull=True)
        .filter(_shown(posted_ids))
        .order_by("created_at", "pk")
    )
    paginator = CountedPaginator(roots, settings.COMMENTS_PER_PAGE, count=counts["threads"])
    page = paginator.get_page(number)
    comments = []
    if counts["threads"]:
        # The page's top-level comments (read through the thread index, LIMIT/OFFSET), their
        # replies and the replies' replies, by parent (indexed): no join, and no row of the
        # rest of the article read. Whether a reply is shown is tested here, not in SQL (where
        # it would lead the database to read every approved comment by status); a reply
        # whose parent is not shown is then dropped by as_threads.
        page_roots = page.object_list.values("pk")
        children = Comment.objects.filter(parent__in=page_roots).values("pk")
        threads = (
            Comment.objects.filter(
                Q(pk__in=page_roots) | Q(parent__in=page_roots) | Q(parent__in=children)
            )
            .order_by("created_at", "pk")
            .only(*SHOWN_FIELDS)
        )
        own = {str(pk) for pk in posted_ids}
        waiting = (Comment.Status.PENDING, Comment.Status.SPAM)
        comments = [
            comment
            for comment in threads
            if comment.is_approved or (comment.status in waiting and str(comment.pk) in own)
        ]
    return CommentPage(
        threads=as_threads(comments),
        page=page,
        approved_count=counts["approved"],
        url=page_url(article.get_absolute_url(), page.number),
    )


def _shown(posted_ids):
    """Approved, or one of the poster's own that still waits (the comment alone: whether its
    parents are shown is for the caller)."""
    own_waiting = Q(
        pk__in=list(posted_ids), status__in=[Comment.Status.PENDING, Comment.Status.SPAM]
    )
    return Q(status=Comment.Status.APPROVED) | own_waiting


def _count(queryset, condition=None):
    """COUNT of `queryset`'s rows (those meeting `condition`, if given) as a subquery: an
    aggregate with no GROUP BY, so always one row."""
    counted = Case(When(condition, then=1)) if condition is not None else Value(1)
    count = Func(counted, function="COUNT", output_field=IntegerField())
    return Subquery(queryset.order_by().annotate(n=count).values("n"))


def comment_counts(article, *, posted_ids=()):
    """{"approved": comments every reader sees, "threads": top-level comments this reader sees}
    in one query that reads indexes, not the article's comments one by one:

    - approved: the approved comments (index on article and status) less the approved replies
      under a comment that is not approved (found by parent from the few that are not);
    - threads: the approved top-level comments (the partial index of top-level comments) and
      the poster's own waiting ones.
    """
    approved = Comment.Status.APPROVED
    of_article = Comment.objects.filter(article=article)
    not_approved = of_article.filter(
        status__in=[s for s in Comment.Status.values if s != approved]
    ).values("pk")
    under_not_approved = Comment.objects.filter(
        Q(parent__in=not_approved)
        | Q(parent__in=Comment.objects.filter(parent__in=not_approved).values("pk"))
    )
    roots = of_article.filter(parent__isnull=True)
    own_waiting = roots.filter(
        pk__in=list(posted_ids), status__in=[Comment.Status.PENDING, Comment.Status.SPAM]
    )
    values = {
        "all_approved": _count(of_article.filter(status=approved)),
        # The status is tested in the COUNT, not the WHERE, so the rows are found by parent.
        "hidden": _count(under_not_approved, Q(status=approved)),
        "threads": _count(roots.filter(status=approved)),
    }
    if posted_ids:
        values["own_threads"] = _count(own_waiting)
    row = Article.objects.filter(pk=article.pk).values(**values).get()
    return {
        "approved": row["all_approved"] - row["hidden"],
        "threads": row["threads"] + row.get("own_threads", 0),
    }


def comment_location(comment, *, posted_ids=()):
    """The address of the page that holds `comment` for this reader, with its anchor.

    One query counts the top-level comments shown before the comment's thread (the thread's
    top is read through `parent`, which callers select_related to save the queries). Each
    side of its OR is found through an index, the approved ones through the index of
    top-level comments by status and time, the reader's own waiting ones by id: the count
    never reads the comments that wait or are spam, however many there are.
    """
    top = comment
    while top.parent_id is not None:
        top = top.parent
    before = {
        "article_id": comment.article_id,
        "parent__isnull": True,
        "created_at__lte": top.created_at,
    }
    own_waiting = Q(
        pk__in=list(posted_ids), status__in=[Comment.Status.PENDING, Comment.Status.SPAM]
    )
    earlier = (
        Comment.objects.filter(
            Q(status=Comment.Status.APPROVED, **before) | (own_waiting & Q(**before))
        )
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
