"""A feed opened in a browser is a readable page of the site; feed readers get the XML."""

import pytest
from django.urls import reverse

BROWSER = {"HTTP_SEC_FETCH_DEST": "document", "HTTP_ACCEPT": "text/html,*/*;q=0.8"}


@pytest.fixture
def comments_feed(seed_article):
    return reverse("seo:comments_rss", kwargs={"slug": seed_article.slug})


def test_article_page_links_to_its_comments_feed(client, seed_article, comments_feed):
    response = client.get(seed_article.get_absolute_url())

    assert f'<a href="{comments_feed}">Follow the comments (RSS)</a>' in response.text


def test_browser_opening_the_feed_gets_a_page(client, comments_feed):
    response = client.get(comments_feed, **BROWSER)

    assert response["Content-Type"].startswith("text/html")
    assert "This page is a feed" in response.text
    assert "Shirley" in response.text  # a seed comment, as the feed carries it
    assert "Sec-Fetch-Dest" in response["Vary"]


def test_browser_page_escapes_comment_text(client, seed_article, make_comment, comments_feed):
    make_comment(seed_article, body="<script>alert(1)</script>", status="approved")

    response = client.get(comments_feed, **BROWSER)

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_feed_reader_gets_the_xml(client, comments_feed):
    response = client.get(comments_feed, HTTP_ACCEPT="application/rss+xml")

    assert response["Content-Type"].startswith("application/rss+xml")
    assert response.text.startswith("<?xml")
    assert "Sec-Fetch-Dest" in response["Vary"]


def test_articles_feed_is_readable_in_a_browser(client, seed_article):
    response = client.get(reverse("articles:feed_rss"), **BROWSER)

    assert response["Content-Type"].startswith("text/html")
    assert "Hemifacial Spasm" in response.text
