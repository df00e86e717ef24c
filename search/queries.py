"""The site search: published articles and approved comments that match a reader's words.

Every word must match, stemmed and in any case, through the index the database keeps
(search/index.py): FTS5 ranked by bm25 on SQLite (English stemming; accents do not matter
either), a stored tsvector ranked by ts_rank on PostgreSQL, where each row is stemmed in its own
language and the reader's words are read in every language a row may be in, so a Spanish
comment is found by the Spanish forms of its words whatever the reader's interface language.
The reader's words are quoted one by one before they reach the database, so nothing typed is
ever read as query syntax.

A word found in thousands of comments must not cost a ranking of all of them: the index hands
out the matches newest first (FTS5 and PostgreSQL's primary key read them in that order and
stop), and the best MAX_RESULTS are chosen among the newest CANDIDATES matches; older ones are
added only while fewer than MAX_RESULTS of those are shown to readers. A word with fewer than
CANDIDATES matches, which is any rare enough word, is ranked over every match.

Excerpts carry the matches between two private-use marks until `highlight` escapes the text
and turns only those marks into <mark> tags, so nothing a commenter wrote can become markup.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.postgres.search import SearchHeadline
from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Value
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article
from comments.models import Comment

from .index import ALL_CONFIGS, ARTICLES, COMMENTS, CONFIG_COLUMN, VECTOR_COLUMN

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_RESULTS = 20
# How many of the newest matches are ranked at first; when too few of them are shown (a word
# mostly found in spam), older ones are added, twice as many each time up to MAX_CANDIDATES.
CANDIDATES = 200
MAX_CANDIDATES = 6400
# PostgreSQL: how many of the newest rows are read for the newest matches before its GIN index.
PROBE_ROWS = 20 * CANDIDATES
START, STOP = "\ue000", "\ue001"
MARKS = re.compile(f"{START}(.*?){STOP}", re.DOTALL)
VIDEO_LINE = r"\[video:[^\]]*\]"
# A word starts with a letter or digit: the index's tokenizers find nothing in "_" alone.
WORD = re.compile("[^\\W_][\\w'\u2019-]*")
EXCERPT_CHARS = 220
# The weight of each part of an article as PostgreSQL's ts_rank gives them by default (title A,
# summary B, body C), for SQLite's bm25 too.
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2}


class Match(NamedTuple):
    """A row the index found: its key, how well it matches (higher is better), and on SQLite
    its body with the matches between START and STOP."""

    pk: int
    rank: float
    marked_body: str = ""


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
    words = WORD.findall(query)[:MAX_WORDS]
    if not words:
        return Results(query, [], [])
    vendor = connection.vendor
    matcher = PostgreSQLMatcher(words) if vendor == "postgresql" else SQLiteMatcher(words)
    articles = _search(Article.objects.published(), matcher, ARTICLES)
    comments = _search(
        Comment.objects.approved().filter(article__in=Article.objects.published()),
        matcher,
        COMMENTS,
        related=["article"],
    )
    return Results(query, articles, comments)


def highlight(text):
    """Escape `text` and wrap the marked matches in <mark>; the result is safe HTML."""
    pieces = MARKS.split(text.strip())
    html = "".join(
        f"<mark>{escape(piece)}</mark>" if index % 2 else escape(piece)
        for index, piece in enumerate(pieces)
    )
    # Unpaired marks (or ones typed into a comment) are dropped; escaped text holds no tags.
    return mark_safe(html.replace(START, "").replace(STOP, ""))


def _search(queryset, matcher, index, *, related=()):
    """The best MAX_RESULTS rows of `queryset` that `matcher` finds in `index`, best first."""
    found = {}
    before = None
    count = CANDIDATES
    while len(found) < MAX_RESULTS:
        matches = matcher.newest_matches(queryset.model, index, before=before, count=count)
        shown = set(_among(queryset, [match.pk for match in matches]).values_list("pk", flat=True))
        found.update((match.pk, match) for match in matches if match.pk in shown)
        if len(matches) < count:
            break
        before = matches[-1].pk
        count = min(2 * count, MAX_CANDIDATES)
    best = sorted(found.values(), key=lambda match: (-match.rank, -match.pk))[:MAX_RESULTS]
    if not best:
        return []
    rows = _among(queryset, [match.pk for match in best]).select_related(*related)
    rows = matcher.with_marked_excerpts(rows, {match.pk: match for match in best})
    for row in rows:
        row.excerpt = highlight(row.marked_excerpt)
    return sorted(rows, key=lambda row: (-found[row.pk].rank, -row.pk))


def _among(queryset, pks):
    """The rows of `queryset` whose keys are in `pks`, found by those keys: with the rules of
    `queryset` in the same WHERE, SQLite may read a whole index they name instead."""
    rows = queryset.model._default_manager.filter(pk__in=pks)
    return rows.filter(Exists(queryset.filter(pk=OuterRef("pk")))).order_by()


def _excerpt(marked):
    """About EXCERPT_CHARS of the `marked` text around its first marked match."""
    text = " ".join(re.sub(VIDEO_LINE, "", marked).split())
    first = max(text.find(START), 0)
    start = max(0, first - EXCERPT_CHARS // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + EXCERPT_CHARS)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    if text.count(START, start, end) > text.count(STOP, start, end):
        end = text.find(STOP, end) + 1 or end  # never cut a marked word in two
    return f"{'… ' if start else ''}{text[start:end]}{' …' if end < len(text) else ''}"


class SQLiteMatcher:
    """The reader's words against SQLite's FTS5 tables."""

    def __init__(self, words):
        self.match = " AND ".join('"{}"'.format(word.replace('"', '""')) for word in words)

    def newest_matches(self, model, index, *, before, count):
        """The newest `count` rows matching (older than `before`), each with its body marked:
        FTS5 finds a row of an AND query by its rowid alone slower than it marks the lot."""
        weights = ", ".join(str(WEIGHTS[weight]) for weight in index.weights)
        body = index.columns.index("body")
        older = "AND rowid < %s" if before else ""
        sql = (
            f"SELECT rowid, -bm25({index.name}, {weights}), "
            f"highlight({index.name}, {body}, %s, %s) FROM {index.name} "
            f"WHERE {index.name} MATCH %s {older} ORDER BY rowid DESC LIMIT %s"
        )
        params = [START, STOP, self.match, *([before] if before else []), count]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [Match(*row) for row in cursor.fetchall()]

    def with_marked_excerpts(self, rows, matches):
        """The rows, each with an excerpt of its body, the matches between START and STOP."""
        rows = list(rows)
        for row in rows:
            row.marked_excerpt = _excerpt(matches[row.pk].marked_body)
        return rows


class PostgreSQLMatcher:
    """The reader's words against PostgreSQL's stored search vectors.

    The words are read with every configuration a row's vector may be made with, once per
    search; the index is asked for rows that any reading finds (most readings are the same:
    they are asked once), and each row is ranked with its own configuration's reading, so
    English rows rank as they did when every row was English."""

    def __init__(self, words):
        # Each word quoted: websearch_to_tsquery reads no "or", "-" or phrase of the reader's.
        self.words = " ".join('"{}"'.format(word.replace('"', "")) for word in words)

    @cached_property
    def readings(self):
        """{reading: the configurations that read the words so}, each reading a tsquery's
        text; a language in which every word is a stop word reads nothing, and is left out."""
        columns = ", ".join(
            f"websearch_to_tsquery('{config}'::regconfig, %s)::text" for config in ALL_CONFIGS
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns}", [self.words] * len(ALL_CONFIGS))
            row = cursor.fetchone()
        readings = defaultdict(list)
        for config, reading in zip(ALL_CONFIGS, row, strict=True):
            if reading:
                readings[reading].append(config)
        return dict(readings)

    @cached_property
    def any_reading(self):
        """The tsquery that any reading matches."""
        return " | ".join(f"( {reading} )" for reading in self.readings)

    def newest_matches(self, model, index, *, before, count):
        """The newest `count` rows matching (older than `before`).

        Asked first of the newest PROBE_ROWS rows, read through the primary key. PostgreSQL
        estimates the rows matching several words (or readings) as if they were unrelated, so
        for two words that often come together it would rather read every match through the
        GIN index and sort them all, and for a rare word in several readings it would rather
        read every row by the primary key. The second query is for words that are rare in the
        newest rows: it reads their matches through the GIN index (a MATERIALIZED part, which
        the planner keeps as written)."""
        if not self.readings:
            return []
        table = connection.ops.quote_name(index.table)
        columns = f"id, {VECTOR_COLUMN}, {CONFIG_COLUMN}"
        earlier = [before] if before else []
        newest = (
            f"SELECT {columns} FROM {table} {'WHERE id < %s' if before else ''} "
            "ORDER BY id DESC LIMIT %s"
        )
        probe = self._ranked(
            f"SELECT * FROM ({newest}) AS newest WHERE {VECTOR_COLUMN} @@ %s::tsquery",
            [*earlier, PROBE_ROWS, self.any_reading],
            count=count,
        )
        if len(probe) == count:
            return probe
        matching = (
            f"WITH matching AS MATERIALIZED (SELECT {columns} FROM {table} "
            f"WHERE {VECTOR_COLUMN} @@ %s::tsquery {'AND id < %s' if before else ''}) "
            "SELECT * FROM matching"
        )
        return self._ranked(matching, [self.any_reading, *earlier], count=count)

    def _ranked(self, rows, params, *, count):
        """The newest `count` of `rows` (SQL), each ranked with its own reading."""
        reading, reading_params = self._own_reading(CONFIG_COLUMN)
        sql = (
            f"SELECT id, ts_rank({VECTOR_COLUMN}, {reading}) FROM ({rows}) AS found "
            "ORDER BY id DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*reading_params, *params, count])
            return [Match(*row) for row in cursor.fetchall()]

    def _own_reading(self, config_column):
        """SQL and its parameters: the reading of the configuration in `config_column`, or any
        reading where that configuration reads the words as stop words only."""
        cases = " ".join(
            f"WHEN {config_column} = ANY(%s::regconfig[]) THEN %s::tsquery" for _ in self.readings
        )
        params = [
            value
            for reading, configs in self.readings.items()
            for value in ("{" + ",".join(configs) + "}", reading)
        ]
        return f"CASE {cases} ELSE %s::tsquery END", [*params, self.any_reading]

    def with_marked_excerpts(self, rows, matches):
        """The rows, each with a headline of its body, the matches between START and STOP:
        the text read with its own configuration, the words of its own reading marked."""
        body = Func(F("body"), Value(VIDEO_LINE), Value(""), Value("g"), function="regexp_replace")
        config = f"{connection.ops.quote_name(rows.model._meta.db_table)}.{CONFIG_COLUMN}"
        headline = SearchHeadline(
            body,
            RawSQL(*self._own_reading(config)),
            config=RawSQL(config, ()),
            start_sel=START,
            stop_sel=STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        return list(rows.annotate(marked_excerpt=headline))
