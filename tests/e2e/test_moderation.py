"""A moderator approves a waiting comment in the admin, and every reader then sees it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import post_comment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STORY = "Microvascular decompression ended my spasms after nine years."


def test_moderator_approves_a_pending_comment_and_other_readers_then_see_it(
    page, other_reader, new_context, live_server, article_url, moderator
):
    page.goto(article_url)
    post_comment(page, body=STORY)
    other_reader.goto(article_url)
    expect(other_reader.get_by_text(STORY)).to_have_count(0)

    admin = new_context().new_page()
    admin.goto(f"{live_server.url}/admin/")
    admin.get_by_label("Username").fill(moderator.username)
    admin.get_by_label("Password").fill("a-long-password")
    admin.get_by_role("button", name="Log in").click()
    admin.goto(f"{live_server.url}/admin/comments/comment/")
    filters = admin.locator("#changelist-filter")
    filters.get_by_role("link", name=re.compile(r"^Pending\b")).click()
    rows = admin.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    rows.filter(has_text="Microvascular decompression").get_by_role("checkbox").check()
    admin.locator("select[name=action]").select_option(label="Approve")
    admin.get_by_role("button", name="Go").click()
    expect(admin.get_by_text("1 comment approved.")).to_be_visible()

    other_reader.reload()
    expect(other_reader.get_by_role("heading", name="4 comments")).to_be_visible()
    approved = other_reader.locator(".comment", has_text=STORY)
    expect(approved).to_be_visible()
    expect(approved).not_to_contain_text("awaiting moderation")
