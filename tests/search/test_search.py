"""The /search/ page: full-text search on PostgreSQL, icontains elsewhere (whatever
DATABASE_URL names), over published articles and approved comments."""

import pytest
from django.db import connection
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


def test_search_page_uses_a_fixed_number_of_queries(
    client, article, make_comment, django_assert_num_queries
):
    """Comment results carry their article (select_related): no query per result."""
    for index in range(10):
        make_comment(article, body=f"Microvascular story number {index}.")
    with django_assert_num_queries(2):
        response = search(client, "microvascular")
    assert response.text.count('class="result"') == 10


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
