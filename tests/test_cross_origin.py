"""Reader form posts without a token: refused when a browser says they come from another site
(Sec-Fetch-Site, else Origin), taken otherwise; the admin keeps Django's CSRF token."""

import pytest
from django.test import Client

from comments.models import Comment


def post_url(article):
    return f"/articles/{article.slug}/comments/"


@pytest.fixture
def browser():
    """A client that enforces CSRF checks, as a real browser meets them."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("fetch_site", ["cross-site", "same-site"])
def test_a_post_another_site_made_is_refused_with_nothing_stored(
    browser, article, comment_data, fetch_site
):
    response = browser.post(post_url(article), comment_data, HTTP_SEC_FETCH_SITE=fetch_site)
    assert response.status_code == 403
    assert "Your comment was not posted" in response.text
    assert "sent from another website" in response.text
    assert response["Cache-Control"] == "no-store"
    assert not Comment.objects.filter(article=article).exists()


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://testserver.evil"])
def test_an_older_browsers_post_from_another_origin_is_refused(
    browser, article, comment_data, origin
):
    response = browser.post(post_url(article), comment_data, HTTP_ORIGIN=origin)
    assert response.status_code == 403
    assert not Comment.objects.filter(article=article).exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "none"},
        {"HTTP_ORIGIN": "http://testserver"},
        {},  # no browser header at all: curl, a script, a very old browser
    ],
    ids=["same-origin", "typed-or-bookmarked", "origin-only", "no-header"],
)
def test_a_post_from_this_site_is_taken_without_a_csrf_token(
    browser, article, comment_data, headers
):
    response = browser.post(post_url(article), comment_data, **headers)
    assert response.status_code == 302
    assert Comment.objects.filter(article=article).count() == 1


def test_a_trusted_origin_may_post(settings, browser, article, comment_data):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.hemifacial-spasm.example"]
    response = browser.post(
        post_url(article),
        comment_data,
        HTTP_SEC_FETCH_SITE="same-site",
        HTTP_ORIGIN="https://www.hemifacial-spasm.example",
    )
    assert response.status_code == 302


def test_the_article_page_carries_no_csrf_token(client, article):
    response = client.get(article.get_absolute_url())
    assert "csrfmiddlewaretoken" not in response.text
    assert "csrftoken" not in response.cookies


def test_the_admin_login_still_needs_its_csrf_token(browser, moderator):
    response = browser.post(
        "/admin/login/",
        {"username": "mod", "password": "a-long-password"},
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 403
