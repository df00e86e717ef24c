"""A reader previews a comment, meets the privacy check, edits and posts; the form answers
where the reader is, and says whom a reply answers."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.pages import comment_form, field

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STORY = "My left eyelid has flickered since March. An injection every quarter helps."
WITH_PHONE = f"{STORY}\n\nCall me on 020 7946 0958 if you want to talk."


def fill(form, *, body, name="Maria", email="maria@example.com"):
    field(form, "Name").fill(name)
    field(form, "Email").fill(email)
    field(form, "Comment").fill(body)


def expect_landed_on(page, answer):
    """The browser is at the answer: in view and focused, so a screen reader starts there."""
    expect(answer).to_be_visible()
    expect(answer).to_be_focused()
    expect(answer).to_be_in_viewport()


def test_reader_previews_meets_the_privacy_check_edits_it_out_and_posts(page, article_url):
    page.goto(article_url)
    form = comment_form(page)
    fill(form, body=WITH_PHONE)
    field(form, "Email me when someone replies").check()
    form.get_by_role("button", name="Preview").click()

    preview = page.get_by_role("region", name="Preview — not posted yet")
    expect_landed_on(page, preview)
    expect(page).to_have_title(re.compile(r"^Preview of your comment · "))
    expect(preview.locator(".comment__body")).to_contain_text("An injection every quarter")
    expect(preview.locator("mark")).to_contain_text("020 7946 0958")
    expect(field(form, "Comment")).to_have_value(WITH_PHONE)
    expect(field(form, "Email me when someone replies")).to_be_checked()
    assert not Comment.objects.filter(author_email="maria@example.com").exists()

    form.get_by_role("button", name="Post comment").click()
    check = page.get_by_role("region", name="Check before posting")
    expect_landed_on(page, check)
    expect(page).to_have_title(re.compile(r"^Check before posting · "))
    expect(check.locator("mark")).to_contain_text("020 7946 0958")
    expect(check).to_contain_text("A phone number lets anyone who reads this page call")
    assert not Comment.objects.filter(author_email="maria@example.com").exists()

    field(form, "Comment").fill(STORY)
    form.get_by_role("button", name="Post comment").click()

    expect(page).to_have_url(
        re.compile(r"/articles/hemifacial-spasm/\?unapproved=\d+&moderation-hash=\w+#comment-\d+$")
    )
    posted = page.locator(".comment", has_text=STORY)
    expect(posted).to_contain_text("awaiting moderation")
    assert Comment.objects.get(body=STORY).notify_on_reply is True


def test_reader_previews_a_full_name_and_posts_it_as_it_is(page, article_url):
    page.goto(article_url)
    form = comment_form(page)
    fill(form, body=STORY, name="Shirley Brown")
    form.get_by_role("button", name="Preview").click()

    expect(page.locator("#comment-answer")).to_contain_text("You could sign as “Shirley B.”")
    comment_form(page).get_by_role("button", name="Post comment").click()

    expect(page).to_have_url(re.compile(r"\?unapproved=\d+&moderation-hash=\w+#comment-\d+$"))
    expect(page.locator(".comment", has_text=STORY)).to_contain_text("Shirley Brown")


def test_without_javascript_an_error_answer_is_where_the_browser_lands(new_context, article_url):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(article_url)
    form = comment_form(page)
    fill(form, body=STORY, email="")
    form.get_by_role("button", name="Post comment").click()

    summary = page.get_by_role("alert")
    expect_landed_on(page, summary)
    expect(summary).to_contain_text("There is a problem with your comment")
    expect(page).to_have_title(re.compile(r"^Error: check your comment · "))
    expect(field(form, "Comment")).to_have_value(STORY)
    summary.get_by_role("link", name=re.compile("Please enter your email address")).click()
    expect(field(form, "Email")).to_be_focused()


def test_a_reply_link_moves_the_form_and_its_heading_says_whom_it_answers(page, article_url):
    page.goto(article_url)
    shirley = page.locator("li.comment", has_text="I have lived with hemifacial spasm").first
    author = shirley.locator(".comment__author").first.inner_text()
    heading = page.locator("#comment-form-title")
    expect(heading).to_have_text("Leave a comment")

    shirley.get_by_role("link", name=re.compile(r"^Reply")).first.click()
    expect(page).to_have_url(article_url)  # moved by the script, no page load
    expect(shirley.locator("#comment-form")).to_have_count(1)
    expect(heading).to_have_text(f"Reply to {author}")
    expect(comment_form(page).locator(".comment-form__replying")).to_contain_text(author)

    comment_form(page).get_by_role("link", name="cancel").click()
    expect(heading).to_have_text("Leave a comment")
    expect(shirley.locator("#comment-form")).to_have_count(0)
    expect(comment_form(page).locator("input[name=parent]")).to_have_value("")
