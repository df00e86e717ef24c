import datetime
import re

from django.template.loader import render_to_string
from django.urls import reverse

from articles.models import Article


def test_home_lists_the_published_articles(client, seed_article, make_article):
    draft = make_article(title="Secret draft", status=Article.Status.DRAFT)
    response = client.get("/")
    assert response.status_code == 200
    assert seed_article.title in response.text
    assert seed_article.get_absolute_url() in response.text
    assert draft.title not in response.text


def test_article_page_shows_title_date_and_full_text(client, seed_article):
    response = client.get("/articles/hemifacial-spasm/")
    assert response.status_code == 200
    assert "<h1" in response.text and "Hemifacial Spasm</h1>" in response.text
    assert "May 19, 2010" in response.text
    assert "Do you think you have hemifacial spasm?" in response.text
    assert "interferes with your daily life." in response.text


def test_seed_comments_are_shown_oldest_first_with_their_original_dates(client, seed_article):
    text = client.get(seed_article.get_absolute_url()).text
    expected = [
        ("Tracy Perkins", "On May 20, 2010 at 9:45 am"),
        ("Shirley", "On July 5, 2010 at 3:49 am"),
        ("dave", "On October 18, 2010 at 11:12 am"),
    ]
    positions = [text.index(name) for name, _ in expected]
    assert positions == sorted(positions)
    for _, date in expected:
        assert date in text
    assert "3 comments" in text


def test_unpublished_article_is_not_found(client, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_unknown_article_is_a_404_page_in_the_site_style(client, db):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_article_page_uses_a_fixed_number_of_queries(
    client, article, make_comment, django_assert_max_num_queries
):
    """The comment list comes from one query however many comments there are (no N+1)."""
    for index in range(30):
        make_comment(article, body=f"Comment {index}")
    with django_assert_max_num_queries(7):
        response = client.get(article.get_absolute_url())
    assert len(re.findall(r'class="comment"', response.text)) == 30


def test_favicon_address_redirects_to_the_static_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def test_article_page_shows_the_medical_disclaimer(client, article):
    text = client.get(article.get_absolute_url()).text
    assert "This page is information, not medical advice." in text
    assert "see a doctor" in text


def test_article_page_shows_when_it_was_last_reviewed(client, make_article):
    article = make_article(reviewed_at=datetime.date(2026, 3, 2))
    text = client.get(article.get_absolute_url()).text
    assert 'Last reviewed <time datetime="2026-03-02">March 2, 2026</time>' in text


def test_article_never_reviewed_has_no_last_reviewed_line(client, article):
    assert "Last reviewed" not in client.get(article.get_absolute_url()).text


def test_home_shows_each_articles_summary(client, make_article):
    make_article(summary="Why one side of the face twitches.")
    assert "Why one side of the face twitches." in client.get("/").text


def test_home_counts_only_the_comments_readers_see(client, article, make_comment):
    make_comment(article)
    make_comment(article)
    for status in ["pending", "spam", "removed"]:
        make_comment(article, status=status)
    text = client.get("/").text
    assert f'href="{article.get_absolute_url()}#comments">2 comments</a>' in text


def test_home_says_zero_comments_for_an_article_without_any(client, article):
    assert f'href="{article.get_absolute_url()}#comments">0 comments</a>' in client.get("/").text


def test_home_uses_two_queries_however_many_articles_and_comments(
    client, make_article, make_comment, django_assert_num_queries
):
    """The articles' page versions (the key of the kept copy), then the articles, whose
    comment counts are a column: never one query per article. A kept copy costs the first."""
    for index in range(10):
        article = make_article()
        for _ in range(index):
            make_comment(article)
    with django_assert_num_queries(2):
        response = client.get("/")
    assert response.text.count('class="article-list__item"') == 11
    with django_assert_num_queries(1):
        assert client.get("/").content == response.content


def test_about_page_explains_the_site_and_its_moderation(client, db):
    response = client.get(reverse("articles:about"))
    assert response.status_code == 200
    assert "Every comment is read by a moderator" in response.text


def test_about_page_says_what_is_kept_with_a_comment_why_and_for_how_long(client, db, settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 30
    text = client.get(reverse("articles:about")).text
    assert "stores the IP address it was sent from and the name of your browser" in text
    assert "(its user agent), to stop spam and abuse" in text
    assert "erased 30 days after the comment was posted" in text


def test_pages_link_to_the_about_page_and_the_search(client, db):
    text = client.get("/").text
    assert f'href="{reverse("articles:about")}"' in text
    assert 'role="search" action="/search/"' in text


def test_server_error_page_renders_in_the_site_style_without_a_request(db):
    """Django renders 500.html with an empty context: base.html must not need `request`."""
    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert 'class="site-header"' in html


def test_the_seed_articles_title_names_the_site_once(client, seed_article, make_article):
    assert "<title>Hemifacial Spasm</title>" in client.get(seed_article.get_absolute_url()).text
    other = make_article(title="Botox injections")
    title = "<title>Botox injections · Hemifacial Spasm</title>"
    assert title in client.get(other.get_absolute_url()).text


def test_the_home_heading_is_the_site_name_as_the_header_writes_it(client, db):
    assert '<h1 class="page__title">Hemifacial Spasm</h1>' in client.get("/").text
