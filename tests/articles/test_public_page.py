"""The article page is a public document: the same bytes for every reader, headers that let
any cache keep it, a copy kept by the site, and freshness that every write brings itself."""

import pytest
from django.test import Client

from articles import kept_pages
from articles.models import Article, Video
from comments.models import Comment
from comments.services import comment_set_status, commenter_erase


@pytest.fixture
def page(article):
    """GET the article's page as a reader without cookies: (response, text)."""

    def get(path="", **headers):
        response = Client().get(f"{article.get_absolute_url()}{path}", **headers)
        return response

    return get


def test_every_reader_gets_the_same_bytes_with_no_cookie(page, article, make_comment):
    make_comment(article, body="A story.")
    first, second = page(), page()
    assert first.content == second.content
    for response in (first, second):
        assert not response.cookies
        # Cookies count for the interface language alone (articles/kept_pages.py).
        assert response["Vary"] == "Accept-Language, Cookie"
        assert "csrfmiddlewaretoken" not in response.text


def test_the_page_may_be_kept_by_any_cache_for_the_public_lifetime(page, settings):
    settings.PUBLIC_PAGE_MAX_AGE = 30
    response = page()
    assert response["Cache-Control"] == "public, max-age=30"
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')


def test_a_reader_who_has_the_page_gets_a_304(page):
    etag = page()["ETag"]
    response = page(HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_each_page_of_comments_has_its_own_etag(page, article, make_comment, settings):
    settings.COMMENTS_PER_PAGE = 1
    make_comment(article)
    make_comment(article)
    assert page()["ETag"] != page("?page=2")["ETag"]


def test_a_kept_page_costs_one_query(page, django_assert_num_queries):
    """The article's page version: the page itself comes from the cache."""
    page()
    with django_assert_num_queries(1):
        assert page().status_code == 200


def test_a_page_not_yet_kept_costs_seven_queries(
    page, article, make_comment, django_assert_num_queries
):
    """Its page version, then the article with its reviewer, its videos, authors, sources and
    change log, and the page's threads with their count."""
    make_comment(article)
    with django_assert_num_queries(7):
        page()


def test_an_address_with_more_than_a_page_number_is_rendered_each_time(
    page, article, make_comment, django_assert_num_queries
):
    comment = make_comment(article)
    page(f"?replytocom={comment.pk}")
    with django_assert_num_queries(6):  # the article, its trust rows and videos, the threads
        page(f"?replytocom={comment.pk}")


def test_with_no_page_cache_every_request_renders(
    page, article, make_comment, settings, django_assert_num_queries
):
    settings.COMMENTS_PAGE_CACHE = 0
    make_comment(article)
    page()
    with django_assert_num_queries(6):  # the article, its trust rows and videos, the threads
        page()


def test_the_home_page_is_public_too(client, seed_article, settings):
    settings.PUBLIC_PAGE_MAX_AGE = 30
    response = Client().get("/")
    assert response["Cache-Control"] == "public, max-age=30"
    assert not response.cookies
    assert Client().get("/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


# Freshness: every write that changes the page changes its version, whoever makes it.


def shows(page, text):
    return text in page().text


def test_an_approval_shows_at_once(page, article, make_comment, moderator):
    waiting = make_comment(article, body="Waiting story.", status=Comment.Status.PENDING)
    etag = page()["ETag"]
    assert not shows(page, "Waiting story.")
    comment_set_status(Comment.objects.filter(pk=waiting.pk), status="approved", by=moderator)
    assert shows(page, "Waiting story.")
    assert page()["ETag"] != etag
    assert page(HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_an_erasure_from_another_process_shows_at_once(page, article, make_comment):
    """The version lives in the database, which a `manage.py erase_commenter` run from a
    shell writes too: no cache of a process needs to be told."""
    make_comment(article, author_name="Pat Fullname", author_email="pat@example.com")
    assert shows(page, "Pat Fullname")
    commenter_erase(email="pat@example.com", delete=True, actor="test", via="test")
    assert not shows(page, "Pat Fullname")


@pytest.mark.parametrize(
    "write",
    [
        lambda c: Comment.objects.filter(pk=c.pk).update(status="removed"),
        lambda c: Comment.objects.filter(pk=c.pk).delete(),
        lambda c: c.delete(),
        lambda c: setattr(c, "status", "spam") or c.save(),
        lambda c: setattr(c, "status", "removed") or Comment.objects.bulk_update([c], ["status"]),
    ],
    ids=["queryset-update", "queryset-delete", "delete", "save", "bulk-update"],
)
def test_every_way_of_writing_a_comment_retires_the_kept_page(page, article, make_comment, write):
    comment = make_comment(article, body="Soon gone.")
    assert shows(page, "Soon gone.")
    write(comment)
    assert not shows(page, "Soon gone.")


def test_a_comment_moved_to_another_article_and_removed_leaves_both_pages(
    article, make_article, make_comment, moderator_client
):
    other = make_article()
    comment = make_comment(article, body="Moved story.")
    for where in (article, other):
        Client().get(where.get_absolute_url())  # both pages kept
    moderator_client.post(
        f"/admin/comments/comment/{comment.pk}/change/",
        {
            "article": other.pk,
            "parent": "",
            "status": "removed",
            "status_reason": "",
            "author_name": comment.author_name,
            "author_email": comment.author_email,
            "author_url": "",
            "body": comment.body,
        },
    )
    comment.refresh_from_db()
    assert (comment.article_id, comment.status) == (other.pk, "removed")
    for where in (article, other):
        assert "Moved story." not in Client().get(where.get_absolute_url()).text


def test_the_comment_count_follows_every_write(article, make_comment):
    parent = make_comment(article)
    make_comment(article, parent=parent)
    article.refresh_from_db()
    assert article.comment_count == 2
    Comment.objects.filter(pk=parent.pk).update(status="pending")  # hides its reply too
    article.refresh_from_db()
    assert article.comment_count == 0


def test_editing_the_article_or_its_videos_retires_the_kept_page(page, article):
    page()
    article.title = "A new title"
    article.save()
    assert "A new title" in page().text
    version = Article.objects.get(pk=article.pk).page_version
    Video.objects.create(article=article, key="intro", caption="Intro")
    assert Article.objects.get(pk=article.pk).page_version != version


def test_a_new_waiting_comment_leaves_the_public_page_as_it_is(page, article, make_comment):
    """Only its poster sees it, on a page never kept: the copy everyone gets stays good."""
    etag = page()["ETag"]
    make_comment(article, status=Comment.Status.PENDING)
    assert page()["ETag"] == etag


# A release of new code never serves what the last one kept.


@pytest.fixture
def fresh_release():
    kept_pages.release.cache_clear()
    yield kept_pages.release
    kept_pages.release.cache_clear()


def test_another_release_keeps_its_own_copies_and_etags(page, monkeypatch):
    etag = page()["ETag"]
    monkeypatch.setattr(kept_pages, "release", lambda: "next")
    response = page(HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_release_follows_the_sites_templates(settings, tmp_path, fresh_release):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("<p>One</p>")
    settings.BASE_DIR = tmp_path
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder]}]
    first = fresh_release()
    (folder / "page.html").write_text("<p>Two</p>")
    fresh_release.cache_clear()
    assert fresh_release() != first


def test_a_posters_view_is_for_them_alone(client, article, comment_data):
    """No shared cache may keep it, the site keeps no copy, and it carries no ETag."""
    location = client.post(f"/articles/{article.slug}/comments/", comment_data)["Location"]
    response = Client().get(location)
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
    assert not response.cookies


def test_the_list_of_articles_follows_every_change(client, article, make_comment):
    assert "0 comments" in Client().get("/").text
    make_comment(article)
    assert "1 comment" in Client().get("/").text
    article.title = "Renamed"
    article.save()
    assert "Renamed" in Client().get("/").text
