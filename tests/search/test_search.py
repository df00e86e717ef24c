"""The /search/ page: full-text search over published articles and approved comments, through
FTS5 on SQLite and a stored tsvector on PostgreSQL (whichever DATABASE_URL names)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from search.queries import START, STOP, highlight, search_site

SEARCH_URL = reverse("search:search")


# Words the seed article and its comments never use, so only the test's own rows match.


@pytest.fixture
def spasm_article(make_article):
    """A published article whose body holds the unusual word "blepharospasm"."""
    return make_article(
        title="Telling spasms apart",
        summary="Two conditions that are often confused.",
        body="Unlike hemifacial spasm, blepharospasm affects both eyes.",
    )


def search(client, query):
    return client.get(SEARCH_URL, {"q": query})


def test_search_runs_on_the_configured_database(db):
    """Names the backend in the test output, so a run shows which search path it covered."""
    assert connection.vendor in {"postgresql", "sqlite"}


def test_search_finds_a_published_article_by_a_word_in_its_text(client, spasm_article):
    response = search(client, "blepharospasm")
    assert response.status_code == 200
    assert f'href="{spasm_article.get_absolute_url()}"' in response.text


def test_search_leaves_out_draft_articles(client, make_article):
    make_article(body="A draft about blepharospasm.", status=Article.Status.DRAFT)
    assert search_site("blepharospasm").articles == []


def test_search_finds_an_approved_comment(article, make_comment):
    comment = make_comment(article, body="The microvascular decompression worked for me.")
    assert search_site("microvascular").comments == [comment]


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_search_never_finds_comments_readers_do_not_see(article, make_comment, status):
    make_comment(article, body="The microvascular decompression worked.", status=status)
    assert search_site("microvascular").comments == []


def test_search_leaves_out_comments_on_draft_articles(make_article, make_comment):
    draft = make_article(status=Article.Status.DRAFT)
    make_comment(draft, body="The microvascular decompression worked.")
    assert search_site("microvascular").comments == []


def test_search_needs_every_word_to_match(client, spasm_article):
    assert search_site("blepharospasm zebra").articles == []


def test_search_results_highlight_the_matching_words(client, spasm_article):
    text = search(client, "blepharospasm").text
    assert "<mark>blepharospasm</mark>" in text


def test_comment_result_links_to_the_comment_on_its_article(client, article, make_comment):
    comment = make_comment(article, author_name="Rosa", body="Microvascular surgery helped.")
    text = search(client, "microvascular").text
    assert f'href="{comment.get_absolute_url()}"' in text
    assert f"Rosa on “{article.title}”" in text


def test_search_escapes_markup_a_commenter_typed(client, article, make_comment):
    make_comment(article, body='Microvascular <script>alert("x")</script> <img src=x>')
    text = search(client, "microvascular").text
    assert "<script>alert" not in text
    assert "<img src=x>" not in text


def test_search_page_without_a_query_shows_only_the_form(client, db):
    text = client.get(SEARCH_URL).text
    assert 'name="q"' in text
    assert "search-summary" not in text


def test_search_with_no_match_says_so(client, db):
    assert "Nothing matched." in search(client, "xylophonequartz").text


def test_search_page_keeps_the_query_in_the_box_escaped(client, db):
    text = search(client, '"><script>x</script>').text
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in text


def test_search_page_has_no_second_search_box_in_the_header(client, db):
    assert search(client, "spasm").text.count('role="search"') == 1


def queries_of_a_search(client, word):
    with CaptureQueriesContext(connection) as queries:
        response = search(client, word)
    return len(queries), response.text.count('class="result"')


def test_search_page_queries_do_not_grow_with_the_results(client, article, make_comment):
    """Comment results carry their article (select_related), excerpts come with the rows: no
    query per result."""
    for index in range(3):
        make_comment(article, body=f"Microvascular story number {index}.")
    for index in range(15):
        make_comment(article, body=f"Trigeminal story number {index}.")
    assert queries_of_a_search(client, "microvascular")[1] == 3
    assert queries_of_a_search(client, "trigeminal")[1] == 15
    assert (
        queries_of_a_search(client, "microvascular")[0]
        == (queries_of_a_search(client, "trigeminal")[0])
    )


def test_highlight_escapes_text_and_marks_only_the_matches():
    html = highlight(f"<b>x</b> and {START}spasm{STOP} & more")
    assert html == "&lt;b&gt;x&lt;/b&gt; and <mark>spasm</mark> &amp; more"


def test_highlight_drops_marks_someone_typed_on_their_own():
    assert highlight(f"a {START}<i> b") == "a &lt;i&gt; b"


def test_query_longer_than_the_limit_is_cut(spasm_article):
    assert search_site("blepharospasm " + "x" * 500).query == "blepharospasm " + "x" * 186


def test_query_without_any_word_finds_nothing(spasm_article):
    assert len(search_site("?!")) == 0


def test_comment_result_counts_in_the_total(article, make_comment):
    make_comment(article, body="Microvascular surgery helped.")
    assert len(search_site("microvascular")) == 1


def test_results_are_model_instances_with_an_excerpt(article, make_comment):
    make_comment(article, body="Microvascular surgery helped.")
    result = search_site("microvascular").comments[0]
    assert isinstance(result, Comment)
    assert "<mark>" in result.excerpt


def test_search_finds_other_forms_of_a_word(article, make_comment):
    comment = make_comment(article, body="My tremors got worse in the cold.")
    assert search_site("tremor").comments == [comment]


def test_search_highlights_the_form_of_the_word_the_text_uses(article, make_comment):
    make_comment(article, body="My tremors got worse in the cold.")
    assert "<mark>tremors</mark>" in search_site("tremor").comments[0].excerpt


def test_search_ignores_case(article, make_comment):
    comment = make_comment(article, body="The microvascular decompression worked.")
    assert search_site("MicroVascular").comments == [comment]


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL's english configuration keeps accents"
)
def test_search_ignores_accents(article, make_comment):
    comment = make_comment(article, body="The clinic in Zürich was a déjà vu.")
    assert search_site("zurich deja").comments == [comment]


def test_an_article_with_the_word_in_its_title_ranks_above_one_with_it_in_its_text(
    make_article,
):
    in_text = make_article(title="Living with it", body="Some say blepharospasm is rarer.")
    in_title = make_article(title="Blepharospasm", body="Some text about eyes.")
    assert search_site("blepharospasm").articles == [in_title, in_text]


def test_a_comment_that_says_the_word_more_often_ranks_first(article, make_comment):
    once = make_comment(article, body="Microvascular surgery, then a long rest at home.")
    often = make_comment(article, body="Microvascular, microvascular, microvascular surgery.")
    assert search_site("microvascular").comments == [often, once]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "NEAR(",
        "-",
        "AND OR",
        "NOT",
        '"microvascular',
        "microvascular*",
        "body:x",
        "^microvascular",
        "{body title}: x",
        "a + b",
        "(",
        ")",
        "'",
        "\\",
        "%",
        "_",
        "NEAR/2",
    ],
)
def test_query_syntax_typed_by_a_reader_never_fails_the_page(client, article, make_comment, query):
    make_comment(article, body="The microvascular decompression worked.")
    assert search(client, query).status_code == 200


def test_operators_a_reader_types_are_words_every_one_of_which_must_match(article, make_comment):
    make_comment(article, body="The microvascular decompression worked.")
    assert search_site("microvascular OR zebra").comments == []
    assert search_site("microvascular -decompression").comments != []


def test_a_star_a_reader_types_is_not_a_prefix_search(article, make_comment):
    make_comment(article, body="The microvascular decompression worked.")
    assert search_site("micro*").comments == []


def test_comments_readers_do_not_see_never_crowd_out_those_they_do(
    article, make_comment, monkeypatch
):
    """A word whose newest matches are all waiting still finds the approved one before them."""
    monkeypatch.setattr("search.queries.CANDIDATES", 2)
    approved = make_comment(article, body="Microvascular surgery helped.")
    for _ in range(5):
        make_comment(article, body="Microvascular surgery helped.", status="pending")
    assert search_site("microvascular").comments == [approved]


def test_a_word_in_more_comments_than_are_ranked_at_once_still_shows_a_full_page(
    article, make_comment, monkeypatch
):
    monkeypatch.setattr("search.queries.CANDIDATES", 5)
    for index in range(30):
        make_comment(article, body=f"Microvascular story number {index}.")
    assert len(search_site("microvascular").comments) == 20
