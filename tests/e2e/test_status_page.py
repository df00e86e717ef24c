"""A poster follows their comment's private status link: they edit it while they may,
anonymise another, and withdraw one that has replies, each through its confirmation step;
every reader sees the change at once."""

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from comments.status_links import status_url
from tests.e2e.pages import post_comment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STORY = "My spasm started at the corner of my mouth, not my eye."


def open_status_page(page, live_server, comment):
    page.goto(f"{live_server.url}{status_url(comment)}")
    expect(page.get_by_role("heading", name="Your comment", exact=True)).to_be_visible()


def test_poster_follows_the_link_from_their_view_and_edits_the_comment(
    page, other_reader, article_url
):
    page.goto(article_url)
    post_comment(page, body=STORY)
    page.locator(".poster-notice").get_by_role("link").click()
    expect(page.get_by_text("Waiting for a moderator.")).to_be_visible()

    page.get_by_role("textbox", name="Your comment").fill(f"{STORY} Botox helps.")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_role("status")).to_have_text("Your changes are saved.")
    expect(page.locator(".status-page__comment")).to_contain_text("Botox helps.")
    other_reader.goto(article_url)
    expect(other_reader.get_by_text(STORY)).to_have_count(0)  # it still waits


def test_poster_anonymises_a_published_comment_and_readers_see_anonymous(
    page, other_reader, live_server, article_url, seed_article, make_comment
):
    comment = make_comment(seed_article, author_name="Maria Lopez", body=STORY)
    other_reader.goto(article_url)
    expect(other_reader.locator(".comment", has_text=STORY)).to_contain_text("Maria Lopez")

    open_status_page(page, live_server, comment)
    page.get_by_role("link", name="Anonymise").click()
    expect(page.get_by_role("heading", name="Anonymise your comment?")).to_be_visible()
    page.get_by_role("button", name="Yes, anonymise my comment").click()

    expect(page.get_by_role("status")).to_contain_text("Your comment is anonymised")
    other_reader.reload()
    reader_view = other_reader.locator(".comment", has_text=STORY)
    expect(reader_view).to_contain_text("Anonymous")
    expect(reader_view).not_to_contain_text("Maria Lopez")


def test_poster_withdraws_a_comment_with_replies_after_first_cancelling(
    phone, other_reader, live_server, article_url, seed_article, make_comment
):
    comment = make_comment(seed_article, author_name="Maria Lopez", body=STORY)
    make_comment(seed_article, parent=comment, author_name="Shirley", body="Mine too, Maria.")

    open_status_page(phone, live_server, comment)
    phone.get_by_role("link", name="Withdraw").click()
    phone.get_by_role("link", name="Cancel").click()
    expect(phone.get_by_text("Published.", exact=True)).to_be_visible()
    phone.get_by_role("link", name="Withdraw").click()
    phone.get_by_role("button", name="Yes, withdraw my comment").click()

    expect(phone.get_by_text("You withdrew this comment on")).to_be_visible()
    expect(phone.get_by_role("link", name="Withdraw")).to_have_count(0)
    expect(phone.get_by_role("button", name="Save changes")).to_have_count(0)
    other_reader.goto(article_url)
    thread = other_reader.locator(f"#comment-{comment.pk}")
    expect(thread.locator(".comment__withdrawn")).to_have_text("Withdrawn by its author.")
    expect(thread).to_contain_text("Mine too, Maria.")
    expect(other_reader.get_by_text(STORY)).to_have_count(0)
    assert Comment.objects.get(pk=comment.pk).body == ""
