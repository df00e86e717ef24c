"""A reader answers another reader's comment, with JavaScript off and on: the reply waits
under it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import comment_form, field, post_comment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REPLY = "Shirley, ask about microvascular decompression: it cured my husband."


def shirleys_comment(page):
    """Shirley's comment on the open page, and its id."""
    shirley = page.locator("li.comment", has_text="I have lived with hemifacial spasm").first
    return shirley, shirley.get_attribute("id").removeprefix("comment-")


def expect_reply_waiting_under(page, parent_id, other_reader, article_url):
    """The poster sees REPLY under the comment, awaiting moderation; another reader does not."""
    reply = page.locator(f"#comment-{parent_id}").locator(".comment", has_text=REPLY)
    expect(reply).to_be_visible()
    expect(reply).to_contain_text("awaiting moderation")
    other_reader.goto(article_url)
    expect(other_reader.get_by_text(REPLY)).to_have_count(0)


def test_reader_replies_to_a_comment_without_javascript_and_it_waits_under_it(
    new_context, other_reader, article_url
):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(article_url)
    shirley, shirley_id = shirleys_comment(page)
    shirley.get_by_role("link", name=re.compile(r"^Reply")).first.click()

    expect(comment_form(page).locator("input[name=parent]")).to_have_value(shirley_id)
    post_comment(page, body=REPLY)

    expect_reply_waiting_under(page, shirley_id, other_reader, article_url)


def test_reply_link_moves_the_form_under_the_comment_with_javascript(
    new_context, other_reader, article_url
):
    page = new_context().new_page()
    page.goto(article_url)
    shirley, shirley_id = shirleys_comment(page)
    author = shirley.locator(".comment__author").first.inner_text()
    shirley.get_by_role("link", name=re.compile(r"^Reply")).first.click()

    form = comment_form(page)
    expect(page).to_have_url(article_url)  # no page load: the script moved the form
    expect(shirley.locator("#comment-form")).to_have_count(1)
    expect(form.locator("input[name=parent]")).to_have_value(shirley_id)
    expect(form.locator(".comment-form__replying")).to_contain_text(f"Replying to {author}")
    expect(field(form, "Comment")).to_be_focused()
    post_comment(page, body=REPLY)

    expect_reply_waiting_under(page, shirley_id, other_reader, article_url)
