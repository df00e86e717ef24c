"""A reader follows a link to a comment on the site this one was imported from."""

import pytest
from django.conf import settings
from django.contrib.redirects.models import Redirect
from playwright.sync_api import expect

from portability.models import ImportedComment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ARTICLE = "/articles/hemifacial-spasm/"


@pytest.fixture
def old_post(db):
    """The seed article was post 123 of the old WordPress blog."""
    Redirect.objects.create(site_id=settings.SITE_ID, old_path="/?p=123", new_path=ARTICLE)


def test_old_comment_link_lands_on_the_comment_on_a_later_page(
    page, live_server, settings, old_post, seed_article, make_comment
):
    settings.COMMENTS_PER_PAGE = 2  # the three seed comments fill page 1 and start page 2
    comment = make_comment(seed_article, body="My spasm stopped after the operation.")
    ImportedComment.objects.create(source="wordpress", source_id="456", comment=comment)

    page.goto(f"{live_server.url}/?p=123#comment-456")

    expect(page).to_have_url(f"{live_server.url}{ARTICLE}?page=2#comment-{comment.pk}")
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("My spasm stopped")


def test_unknown_old_comment_link_lands_on_the_article_once(page, live_server, old_post):
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(f"{live_server.url}/?p=123#comment-98765")

    expect(page).to_have_url(f"{live_server.url}{ARTICLE}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hemifacial Spasm")
    page.wait_for_load_state("load")
    assert sum("old-comments/98765/" in url for url in requests) == 1
