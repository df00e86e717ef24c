"""An imported site's old addresses answer 301 with the new ones (portability/middleware.py),
an old #comment-456 anchor finds its comment (portability/views.py), and editors keep the
redirects in the admin."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.redirects.models import Redirect
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from portability.middleware import REDIRECT_MAX_AGE
from portability.models import ImportedComment

ARTICLE = "/articles/hemifacial-spasm/"
# What the WordPress importer writes for the seed article (post 123) and the site's feed.
OLD_ADDRESSES = {
    "/?p=123": ARTICLE,
    "/?page_id=7": "/about/",
    "/2010/05/hemifacial-spasm/": ARTICLE,
    "/hemifacial-spasm/": ARTICLE,
    "/hemifacial-spasm/feed/": "/feeds/articles.rss",
    "/feed/": "/feeds/articles.rss",
    "/?feed=rss2": "/feeds/articles.rss",
}
WORDPRESS = "wordpress https://blog.example.com"
WXR = Path(__file__).parent / "files" / "wxr" / "wordpress-1.2.xml"


@pytest.fixture
def old_addresses(db):
    Redirect.objects.bulk_create(
        Redirect(site_id=settings.SITE_ID, old_path=old, new_path=new)
        for old, new in OLD_ADDRESSES.items()
    )


def without_old_addresses():
    return [name for name in settings.MIDDLEWARE if not name.startswith("portability.")]


# Each old address


@pytest.mark.parametrize(("old", "new"), OLD_ADDRESSES.items())
def test_old_address_answers_301_with_its_new_address(client, old_addresses, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


@pytest.mark.parametrize("old", ["/?p=123", "/2010/05/hemifacial-spasm/"])
def test_head_of_an_old_address_answers_301(client, old_addresses, old):
    response = client.head(old)
    assert response.status_code == 301
    assert response["Location"] == ARTICLE


def test_old_path_without_its_trailing_slash_is_found(client, old_addresses):
    response = client.get("/2010/05/hemifacial-spasm")
    assert response.status_code == 301
    assert response["Location"] == ARTICLE


@pytest.mark.parametrize(
    "query",
    [
        "?p=123&utm_source=newsletter&utm_medium=email",
        "?utm_campaign=spring&p=123",
        "?p=123&replytocom=456",
    ],
)
def test_other_query_parameters_of_an_old_post_address_are_ignored(client, old_addresses, query):
    response = client.get(f"/{query}")
    assert response.status_code == 301
    assert response["Location"] == ARTICLE


def test_old_post_address_through_index_php_answers_301(client, old_addresses):
    response = client.get("/index.php?p=123")
    assert response.status_code == 301
    assert response["Location"] == ARTICLE


def test_old_post_address_of_a_blog_under_a_folder_ignores_other_parameters(client, db):
    Redirect.objects.create(site_id=settings.SITE_ID, old_path="/blog/?p=321", new_path=ARTICLE)
    response = client.get("/blog/?utm_source=newsletter&p=321")
    assert response.status_code == 301
    assert response["Location"] == ARTICLE


def test_an_old_redirect_to_nothing_answers_410_gone(client, db):
    Redirect.objects.create(site_id=settings.SITE_ID, old_path="/?p=55", new_path="")
    assert client.get("/?p=55").status_code == 410


def test_301_may_be_kept_by_any_cache_for_a_day_and_sets_no_cookie(client, old_addresses):
    for old in ["/?p=123", "/2010/05/hemifacial-spasm/"]:
        response = client.get(old)
        assert response["Cache-Control"] == f"public, max-age={REDIRECT_MAX_AGE}"
        assert not response.cookies
        assert "Content-Security-Policy" in response


# Unknown old addresses


@pytest.mark.parametrize(
    "address",
    ["/?p=999", "/?page_id=8", "/?attachment_id=9", "/?feed=atom", "/2011/01/gone/", "/blog/?p=9"],
)
def test_unknown_old_address_answers_404(client, old_addresses, address):
    assert client.get(address).status_code == 404


def test_unknown_old_post_address_is_404_for_head_too(client, old_addresses):
    assert client.head("/?p=999").status_code == 404


@pytest.mark.parametrize("query", ["", "?cat=3", "?utm_source=newsletter", "?p="])
def test_home_page_answers_itself_without_an_old_item_key(client, old_addresses, query):
    assert client.get(f"/{query}").status_code == 200


def test_a_post_to_an_old_post_address_is_not_redirected(client, old_addresses):
    assert client.post("/?p=123").status_code == 405


# Every other request costs nothing


@pytest.mark.parametrize("address", [ARTICLE, "/", "/?utm_source=newsletter"])
def test_pages_run_no_extra_query_for_the_old_addresses(client, settings, old_addresses, address):
    """The middleware reads the redirects table only for an old item address or a 404."""
    settings.COMMENTS_PAGE_CACHE = 0  # every request renders, so both runs do the same work
    with CaptureQueriesContext(connection) as with_middleware:
        assert client.get(address).status_code == 200
    settings.MIDDLEWARE = without_old_addresses()
    with CaptureQueriesContext(connection) as without_middleware:
        assert client.get(address).status_code == 200
    assert len(with_middleware) == len(without_middleware)


# Old comment anchors: /?p=123#comment-456 lands on ARTICLE#comment-456, and the page's script
# asks ARTICLE + "old-comments/456/" when it holds no comment with that id.


@pytest.fixture
def imported(seed_article, make_comment):
    """Make a comment on the seed article that came from the old site with `old_id`."""

    def make(old_id, **fields):
        comment = make_comment(seed_article, **fields)
        ImportedComment.objects.create(source=WORDPRESS, source_id=str(old_id), comment=comment)
        return comment

    return make


def test_old_comment_id_leads_to_the_comments_permalink(client, imported):
    comment = imported(456)
    response = client.get(f"{ARTICLE}old-comments/456/")
    assert response.status_code == 302
    assert response["Location"] == comment.get_absolute_url()
    page = client.get(comment.get_absolute_url())
    assert page["Location"].startswith(ARTICLE)
    assert page["Location"].endswith(f"#comment-{comment.pk}")


def test_old_comment_id_is_looked_up_on_its_own_article_only(client, imported, article):
    imported(456)
    response = client.get(f"{article.get_absolute_url()}old-comments/456/")
    assert response["Location"] == article.get_absolute_url()


def test_old_comment_id_wins_over_one_of_ours(client, imported, seed_article, make_comment):
    ours = make_comment(seed_article, body="One of ours.")
    theirs = imported(ours.pk + 1000)
    ImportedComment.objects.filter(comment=theirs).update(source_id=str(ours.pk))
    response = client.get(f"{ARTICLE}old-comments/{ours.pk}/")
    assert response["Location"] == theirs.get_absolute_url()


def test_one_of_our_comment_ids_not_on_the_page_leads_to_its_permalink(
    client, seed_article, make_comment
):
    ours = make_comment(seed_article, body="Moved to page two since.")
    response = client.get(f"{ARTICLE}old-comments/{ours.pk}/")
    assert response["Location"] == ours.get_absolute_url()


@pytest.mark.parametrize("status", [Comment.Status.SPAM, Comment.Status.REMOVED])
def test_old_comment_readers_do_not_see_leads_to_the_article(client, imported, status):
    imported(456, status=status)
    response = client.get(f"{ARTICLE}old-comments/456/")
    assert response["Location"] == ARTICLE


def test_unknown_old_comment_leads_to_the_article(client, seed_article):
    response = client.get(f"{ARTICLE}old-comments/98765/")
    assert response.status_code == 302
    assert response["Location"] == ARTICLE


def test_old_comment_of_an_unknown_article_answers_404(client, db):
    assert client.get("/articles/no-such-article/old-comments/456/").status_code == 404


def test_old_comment_id_too_large_for_the_database_leads_to_the_article(client, seed_article):
    response = client.get(f"{ARTICLE}old-comments/{'9' * 30}/")
    assert response["Location"] == ARTICLE


# After a real import (the WordPress importer's own test file)


def test_imported_blogs_old_addresses_and_comment_anchors_lead_to_the_new_ones(client, db):
    call_command("import_wordpress", str(WXR), stdout=StringIO())
    article = "/articles/botox-and-me/"
    assert client.get("/?p=10&utm_source=newsletter")["Location"] == article
    assert client.get("/2011/03/botox-and-me/")["Location"] == article
    assert client.get("/?feed=rss2")["Location"] == "/feeds/articles.rss"
    comment = ImportedComment.objects.get(source_id="109").comment
    anchor = client.get(f"{article}old-comments/109/")
    assert anchor["Location"] == comment.get_absolute_url()
    assert client.get("/?p=12").status_code == 404  # an attachment: never imported


# The admin


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("editor", "editor@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_redirects_are_listed_in_the_admin(admin_client, old_addresses):
    index = admin_client.get("/admin/")
    assert "/admin/redirects/redirect/" in index.text
    page = admin_client.get("/admin/redirects/redirect/")
    assert page.status_code == 200
    assert "/2010/05/hemifacial-spasm/" in page.text


@pytest.mark.parametrize("query", ["2010/05", "feeds/articles"])
def test_admin_searches_redirects_by_old_or_new_path(admin_client, old_addresses, query):
    page = admin_client.get("/admin/redirects/redirect/", {"q": query})
    shown = page.context["cl"].result_list
    assert shown
    assert all(query in redirect.old_path or query in redirect.new_path for redirect in shown)


def test_editor_adds_a_redirect_that_then_answers(editor, db):
    form = editor.get("/admin/redirects/redirect/add/")
    assert form.context["adminform"].form.initial["site"] == settings.SITE_ID
    response = editor.post(
        "/admin/redirects/redirect/add/",
        {"site": settings.SITE_ID, "old_path": "/?p=77", "new_path": "/about/"},
    )
    assert response.status_code == 302
    assert editor.get("/?p=77")["Location"] == "/about/"


def test_editor_changes_where_an_old_address_leads(editor, old_addresses):
    redirect = Redirect.objects.get(old_path="/?p=123")
    response = editor.post(
        f"/admin/redirects/redirect/{redirect.pk}/change/",
        {"site": settings.SITE_ID, "old_path": "/?p=123", "new_path": "/about/"},
    )
    assert response.status_code == 302
    assert editor.get("/?p=123")["Location"] == "/about/"
