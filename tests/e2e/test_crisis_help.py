"""A reader in distress sees help at once: in the preview, and on the private page they land
on after posting; other readers never see it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import comment_form, field, post_comment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STORY = "Eleven years of this spasm. Some days I can't go on like this."


def help_box(page):
    return page.get_by_role("region", name="If you are struggling right now")


def test_a_reader_in_distress_lands_on_help_after_posting(page, article_url, other_reader):
    page.goto(article_url)
    post_comment(page, body=STORY)

    expect(page).to_have_url(re.compile(r"\?unapproved=\d+&moderation-hash=\w+#crisis-help$"))
    found = help_box(page)
    expect(found).to_be_focused()
    expect(found).to_be_in_viewport()
    expect(found).to_contain_text("112 in the EU")
    page.keyboard.press("Tab")
    expect(found.get_by_role("link", name="findahelpline.com")).to_be_focused()
    expect(page.locator(".comment", has_text=STORY)).to_contain_text("awaiting moderation")

    other_reader.goto(article_url)
    expect(other_reader.get_by_role("heading", name="Leave a comment")).to_be_visible()
    expect(help_box(other_reader)).to_have_count(0)


def test_a_preview_in_distress_shows_the_help_first(page, article_url):
    page.goto(article_url)
    form = comment_form(page)
    field(form, "Name").fill("Maria")
    field(form, "Email").fill("maria@example.com")
    field(form, "Comment").fill(STORY)
    form.get_by_role("button", name="Preview").click()

    preview = page.get_by_role("region", name="Preview — not posted yet")
    expect(preview).to_be_focused()
    found = help_box(preview)
    expect(found).to_be_in_viewport()
    expect(found).to_contain_text("116 123")
