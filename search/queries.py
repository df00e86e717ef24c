"""The site search: published articles and approved comments that match a reader's words.

On PostgreSQL this is full-text search (English stemming, ranking, headline fragments); on
other databases (SQLite in development) every word must appear somewhere, in any case.
Excerpts carry the matches between two private-use marks until `highlight` escapes the text
and turns only those marks into <mark> tags, so nothing a commenter wrote can become markup.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, Q, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article
from comments.models import Comment

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_RESULTS = 20
CONFIG = "english"
START, STOP = "\ue000", "\ue001"
MARKS = re.compile(f"{START}(.*?){STOP}", re.DOTALL)
VIDEO_LINE = r"\[video:[^\]]*\]"
WORD = re.compile("\\w[\\w'\u2019-]*")
EXCERPT_CHARS = 220


@dataclass(frozen=True)
class Results:
    query: str
    articles: list
    comments: list

    def __len__(self):
        return len(self.articles) + len(self.comments)


def search_site(query):
    """Articles and comments matching `query`, best first, each with an `excerpt` to show."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    if not WORD.search(query):
        return Results(query, [], [])
    search = _full_text if connection.vendor == "postgresql" else _contains
    articles = search(
        Article.objects.published(), query, fields={"title": "A", "summary": "B", "body": "C"}
    )
    comments = search(
        Comment.objects.approved()
        .filter(article__in=Article.objects.published())
        .select_related("article"),
        query,
        fields={"body": "A"},
    )
    return Results(query, articles[:MAX_RESULTS], comments[:MAX_RESULTS])


def highlight(text):
    """Escape `text` and wrap the marked matches in <mark>; the result is safe HTML."""
    pieces = MARKS.split(text.strip())
    html = "".join(
        f"<mark>{escape(piece)}</mark>" if index % 2 else escape(piece)
        for index, piece in enumerate(pieces)
    )
    # Unpaired marks (or ones typed into a comment) are dropped; escaped text holds no tags.
    return mark_safe(html.replace(START, "").replace(STOP, ""))


def _full_text(queryset, query, *, fields):
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    vectors = [
        SearchVector(field, weight=weight, config=CONFIG) for field, weight in fields.items()
    ]
    vector = sum(vectors[1:], start=vectors[0])
    text = Func(F("body"), Value(VIDEO_LINE), Value(""), Value("g"), function="regexp_replace")
    rows = (
        queryset.annotate(document=vector, rank=SearchRank(vector, search_query))
        .filter(document=search_query)
        .annotate(
            headline=SearchHeadline(
                text,
                search_query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .order_by("-rank", "-pk")[:MAX_RESULTS]
    )
    return [_with_excerpt(row, row.headline) for row in rows]


def _contains(queryset, query, *, fields):
    words = WORD.findall(query)[:MAX_WORDS]
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(any_field)
    return [_with_excerpt(row, _excerpt(row.body, words)) for row in queryset[:MAX_RESULTS]]


def _excerpt(text, words):
    """About EXCERPT_CHARS of `text` around the first match, with every match marked."""
    text = " ".join(re.sub(VIDEO_LINE, "", text).split())
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - EXCERPT_CHARS // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + EXCERPT_CHARS)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    window = text[start:end]
    marked = pattern.sub(lambda match: f"{START}{match.group()}{STOP}", window)
    return f"{'… ' if start else ''}{marked}{' …' if end < len(text) else ''}"


def _with_excerpt(row, text):
    row.excerpt = highlight(text)
    return row
