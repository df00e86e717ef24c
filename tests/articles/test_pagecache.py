"""The article page kept for readers without a session (articles/pagecache.py): served without
the database, retired by every change readers could see, never holding a poster's waiting
comment, and always with a CSRF token and a form timestamp of its own."""

import os
import re
import time

import pytest
from django.core import signing
from django.test import Client

from comments.forms import TIMESTAMP_SALT
from comments.models import Comment
from comments.services import comment_reply_as_site, comment_set_status, commenter_erase

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMESTAMP = re.compile(r'name="timestamp" value="([^"]+)"')


def reader():
    """A new reader: no cookie at all, as a first visit (and as wrk) comes."""
    return Client(enforce_csrf_checks=True)


def page(article, query=""):
    response = reader().get(article.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def kept_article(article, make_comment):
    make_comment(article, author_name="First Reader", body="Shown to everyone.")
    page(article)  # now kept
    return article


def test_kept_page_is_served_without_a_database_query(kept_article, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = reader().get(kept_article.get_absolute_url())

    assert "Shown to everyone." in response.content.decode()


def test_each_response_has_its_own_csrf_token_and_it_is_accepted(kept_article, comment_data):
    first, second = reader(), reader()
    tokens = [
        TOKEN.search(c.get(kept_article.get_absolute_url()).content.decode())[1]
        for c in (first, second)
    ]

    response = second.post(
        f"{kept_article.get_absolute_url()}comments/",
        {**comment_data, "csrfmiddlewaretoken": tokens[1]},
    )

    assert tokens[0] != tokens[1]
    assert response.status_code == 302


def test_each_response_has_a_fresh_form_timestamp(kept_article):
    before = time.time()

    shown_at = signing.loads(TIMESTAMP.search(page(kept_article))[1], salt=TIMESTAMP_SALT)

    # The time it was shown, to the tenth of a second below (comments/forms.py).
    assert before - 0.1 <= shown_at <= time.time()


def test_no_slot_marker_is_left_in_the_page(kept_article):
    assert "slot-" not in page(kept_article)


def test_approving_a_comment_shows_it_at_once(kept_article, make_comment, moderator):
    waiting = make_comment(kept_article, body="Waited for a moderator.", status="pending")

    comment_set_status(Comment.objects.filter(pk=waiting.pk), status="approved", by=moderator)

    assert "Waited for a moderator." in page(kept_article)


@pytest.mark.parametrize("status", ["spam", "removed", "pending"])
def test_a_comment_taken_down_disappears_at_once(kept_article, moderator, status):
    comment_set_status(kept_article.comments.all(), status=status, by=moderator)

    assert "Shown to everyone." not in page(kept_article)


def test_site_reply_shows_at_once(kept_article, moderator):
    parent = kept_article.comments.get()

    comment_reply_as_site(
        parent=parent, body="Thanks from the team.", author_name="Ed", by=moderator
    )

    assert "Thanks from the team." in page(kept_article)


def test_erasing_a_commenter_shows_at_once(kept_article):
    commenter_erase(email="pat@example.com")

    assert "First Reader" not in page(kept_article)


def test_article_edit_shows_at_once(kept_article):
    kept_article.title = "A new title"
    kept_article.save()

    assert "A new title" in page(kept_article)


def test_poster_sees_their_waiting_comment_and_the_kept_page_never_holds_it(
    kept_article, client, comment_data
):
    client.post(f"{kept_article.get_absolute_url()}comments/", comment_data)

    assert "Botox helped me a lot." in client.get(kept_article.get_absolute_url()).content.decode()
    assert "Botox helped me a lot." not in page(kept_article)


def test_matching_if_none_match_is_answered_304(kept_article):
    etag = reader().get(kept_article.get_absolute_url())["ETag"]

    response = reader().get(kept_article.get_absolute_url(), headers={"If-None-Match": etag})

    assert response.status_code == 304


def test_the_304_carries_the_pages_validators_and_caching_headers(kept_article):
    etag = reader().get(kept_article.get_absolute_url())["ETag"]

    response = reader().get(kept_article.get_absolute_url(), headers={"If-None-Match": etag})

    assert response["ETag"] == etag
    assert response["Cache-Control"] == "private, no-cache"
    assert response.content == b""


def test_an_out_of_date_etag_gets_the_whole_page(kept_article, make_comment):
    etag = reader().get(kept_article.get_absolute_url())["ETag"]

    response = reader().get(kept_article.get_absolute_url(), headers={"If-None-Match": 'W/"old-1"'})

    assert response.status_code == 200
    assert response["ETag"] == etag
    assert kept_article.title in response.content.decode()


def test_a_poster_never_gets_304(kept_article, client, comment_data):
    etag = reader().get(kept_article.get_absolute_url())["ETag"]
    client.post(f"{kept_article.get_absolute_url()}comments/", comment_data)

    response = client.get(kept_article.get_absolute_url(), headers={"If-None-Match": etag})

    assert response.status_code == 200


def test_etag_changes_when_a_comment_is_approved(kept_article, make_comment):
    etag = reader().get(kept_article.get_absolute_url())["ETag"]

    make_comment(kept_article, body="Approved at once.")

    assert reader().get(kept_article.get_absolute_url())["ETag"] != etag


def test_kept_page_varies_on_cookie_and_is_private(kept_article):
    response = reader().get(kept_article.get_absolute_url())

    assert "Cookie" in response["Vary"]
    assert "private" in response["Cache-Control"]


def test_kept_page_has_the_same_security_headers(kept_article):
    rendered = reader().get(kept_article.get_absolute_url() + "?replytocom=")  # never kept
    kept = reader().get(kept_article.get_absolute_url())

    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy"):
        assert kept[header] == rendered[header]


def test_page_beyond_the_last_is_not_kept(kept_article, page_cache):
    page(kept_article, "?page=99")

    assert page_cache.get(f"article-page:{kept_article.slug}:99") is None


def test_switch_off_renders_every_time(settings, kept_article, django_assert_num_queries):
    settings.COMMENTS_PAGE_CACHE = 0

    with django_assert_num_queries(4):
        response = reader().get(kept_article.get_absolute_url())

    assert "ETag" not in response
    assert TOKEN.search(response.content.decode())


def test_logged_in_moderator_gets_the_page_rendered(kept_article, moderator_client, make_comment):
    make_comment(kept_article, body="Waiting here.", status="pending")

    response = moderator_client.get(kept_article.get_absolute_url())

    assert "ETag" not in response


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (make test-pg)")
def test_versions_and_pages_live_in_redis(settings, kept_article, page_cache):
    assert "redis" in settings.CACHES["pages"]["BACKEND"].lower()
    assert page_cache.get(f"article-version:{kept_article.slug}")


def test_home_page_is_kept_and_shows_a_new_approved_comment_at_once(
    seed_article, make_comment, django_assert_num_queries
):
    assert "3 comments</a>" in reader().get("/").text
    with django_assert_num_queries(0):
        assert "3 comments</a>" in reader().get("/").text
    make_comment(seed_article)
    assert "4 comments</a>" in reader().get("/").text


def test_kept_page_fills_every_slot_once_per_response_and_keeps_the_text(rf):
    from articles import pagecache
    from articles.pagecache import CSRF_SLOT, KeptPage

    made = []

    def token(request):
        made.append(request)
        return f"token-{len(made)}"

    kept = KeptPage(f"<p>Café · {CSRF_SLOT}</p><i>{CSRF_SLOT}</i>")
    request = rf.get("/")
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(pagecache.FRESH_SLOTS, CSRF_SLOT, token)
        assert kept.fill(request) == "<p>Café · token-1</p><i>token-1</i>".encode()
        assert kept.fill(request) == "<p>Café · token-2</p><i>token-2</i>".encode()


def test_kept_and_rendered_pages_have_the_same_caching_headers(kept_article, settings):
    from articles import pagecache

    kept = Client().get(kept_article.get_absolute_url())
    assert kept.headers["Cache-Control"] == "private, no-cache"
    settings.COMMENTS_PAGE_CACHE = 0
    rendered = Client().get(kept_article.get_absolute_url())
    for name in pagecache.FINISHED_HEADERS:
        assert kept.headers[name] == rendered.headers[name]
    assert "Cookie" in kept.headers["Vary"]
