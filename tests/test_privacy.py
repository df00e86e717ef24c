"""Commenters' emails and IP addresses never reach a reader."""

from django.test import Client


def test_no_public_page_shows_a_commenters_email_or_ip(client, article, make_comment, comment_data):
    make_comment(article, author_email="secret.person@example.com", ip_address="198.51.100.77")
    posted = client.post(
        f"/articles/{article.slug}/comments/", comment_data, REMOTE_ADDR="203.0.113.45"
    )
    pages = [
        "/",
        article.get_absolute_url(),
        "/articles/hemifacial-spasm/",
        posted["Location"],  # the poster's own view of the page
    ]
    for reader in (Client(), client):
        for url in pages:
            text = reader.get(url).text
            assert "secret.person@example.com" not in text
            assert "198.51.100.77" not in text
            assert "maria@example.com" not in text
            assert "203.0.113.45" not in text
