"""Remember me ("Remember my name and email on this device"): cookies set by the post's
answer, read only by a private address, never by the public article page."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from comments import remember

REMEMBERED = {"name": "Maria", "email": "maria@example.com"}


def post_url(article):
    return f"/articles/{article.slug}/comments/"


def without_form_time(page):
    """The page without the form's signed time, which differs between two renderings."""
    return re.sub(rb'name="timestamp" value="[^"]*"', b"", page)


def remembering_client():
    """A browser that ticked "Remember me" on an earlier post."""
    response = HttpResponse()
    remember.remember_commenter(response, REMEMBERED["name"], REMEMBERED["email"])
    browser = Client()
    browser.cookies.update(response.cookies)
    return browser


@pytest.fixture
def remembered_response():
    response = HttpResponse()
    remember.remember_commenter(response, "Maria", "maria@example.com")
    return response


def test_the_name_and_email_are_in_a_signed_httponly_lax_cookie_for_the_comments_addresses(
    remembered_response,
):
    cookie = remembered_response.cookies[remember.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == "/comments/"
    assert cookie["max-age"] == settings.COMMENTS_REMEMBER_DAYS * 24 * 60 * 60
    assert "maria" not in cookie.value  # signed and encoded, not readable as it is


def test_the_flag_cookie_for_the_script_holds_no_personal_data(remembered_response):
    flag = remembered_response.cookies[remember.FLAG]
    assert flag.value == "1"
    assert not flag["httponly"] and flag["samesite"] == "Lax" and flag["path"] == "/"


def test_the_cookies_are_secure_when_the_site_is_served_over_https(settings):
    settings.SESSION_COOKIE_SECURE = True
    response = HttpResponse()
    remember.remember_commenter(response, "Maria", "maria@example.com")
    assert response.cookies[remember.COOKIE]["secure"]
    assert response.cookies[remember.FLAG]["secure"]


def test_a_post_with_remember_me_ticked_sets_the_cookies(client, article, comment_data):
    response = client.post(post_url(article), {**comment_data, "remember_me": "on"})
    assert response.status_code == 302
    assert remember.COOKIE in response.cookies and remember.FLAG in response.cookies
    remembered = {"name": comment_data["author_name"], "email": comment_data["author_email"]}
    assert client.get(reverse("comments:remembered")).json() == remembered


def test_a_post_without_remember_me_clears_the_cookies(article, comment_data):
    browser = remembering_client()
    response = browser.post(post_url(article), comment_data)
    assert response.cookies[remember.COOKIE]["max-age"] == 0
    assert response.cookies[remember.FLAG]["max-age"] == 0


def test_a_post_from_a_browser_that_remembers_nothing_sets_no_cookie(client, article, comment_data):
    response = client.post(post_url(article), comment_data)
    assert response.status_code == 302
    assert not response.cookies


def test_the_remembered_address_gives_the_name_and_email_privately():
    response = remembering_client().get(reverse("comments:remembered"))
    assert response.json() == REMEMBERED
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_the_remembered_address_gives_nothing_without_the_cookie(client):
    assert client.get(reverse("comments:remembered")).json() == {}


def test_the_remembered_address_gives_nothing_for_a_forged_cookie(client):
    client.cookies[remember.COOKIE] = "eyJuYW1lIjoiTWFsbG9yeSJ9:forged"
    assert client.get(reverse("comments:remembered")).json() == {}


def test_forget_me_clears_both_cookies():
    browser = remembering_client()
    response = browser.post(reverse("comments:forget"))
    assert response.status_code == 200
    assert response.cookies[remember.COOKIE]["max-age"] == 0
    assert response.cookies[remember.FLAG]["max-age"] == 0
    assert browser.get(reverse("comments:remembered")).json() == {}


def test_forget_me_from_another_site_is_refused():
    browser = remembering_client()
    response = browser.post(reverse("comments:forget"), headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert browser.get(reverse("comments:remembered")).json() == REMEMBERED


@pytest.mark.parametrize(
    ("given", "link"),
    [
        ("/comments/1/status/abc/", b'href="/comments/1/status/abc/"'),
        ("https://evil.example/", b'href="/"'),
    ],
)
def test_forget_me_leads_back_only_to_a_page_of_this_site(client, given, link):
    response = client.post(reverse("comments:forget"), {"next": given})
    assert link in response.content
    assert b"evil.example" not in response.content


def test_the_article_page_is_the_same_bytes_with_the_cookies(client, seed_article, settings):
    settings.COMMENTS_PAGE_CACHE = 0  # rendered for each request: nothing kept hides a difference
    anonymous = client.get(seed_article.get_absolute_url())
    remembered = remembering_client().get(seed_article.get_absolute_url())
    assert without_form_time(remembered.content) == without_form_time(anonymous.content)
    assert "Set-Cookie" not in remembered.headers
    # The same Vary as everyone's: the language chosen (a cookie of its own), never these.
    assert remembered["Vary"] == anonymous["Vary"]
    assert b"maria@example.com" not in remembered.content


def test_the_script_asks_the_addresses_of_the_views():
    script = (Path(settings.BASE_DIR) / "static" / "js" / "remember.js").read_text()
    assert f'"{reverse("comments:remembered")}"' in script
    assert f'"{reverse("comments:forget")}"' in script
    assert f'"{remember.FLAG}=1"' in script
