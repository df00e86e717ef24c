"""A reader leaves a comment: it waits for a moderator, and only its author sees it meanwhile."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import comment_form, field, post_comment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STORY = "My right eye has twitched since March. Botox every three months helps."


def test_commenter_sees_their_comment_awaiting_moderation_and_others_do_not(
    page, other_reader, article_url
):
    page.goto(article_url)
    post_comment(page, body=STORY)

    expect(page).to_have_url(re.compile(r"/articles/hemifacial-spasm/#comment-\d+$"))
    posted = page.locator(".comment", has_text=STORY)
    expect(posted).to_be_visible()
    expect(posted).to_contain_text("awaiting moderation")

    other_reader.goto(article_url)
    expect(other_reader.get_by_role("heading", name="3 comments")).to_be_visible()
    expect(other_reader.get_by_text(STORY)).to_have_count(0)


def test_a_missing_field_is_reported_beside_it_and_the_text_is_kept(page, article_url):
    page.goto(article_url)
    post_comment(page, body=STORY, email="")

    form = comment_form(page)
    email = field(form, "Email")
    error = form.get_by_text("Please enter your email address")
    expect(error).to_be_visible()
    expect(field(form, "Comment")).to_have_value(STORY)
    expect(field(form, "Name")).to_have_value("Maria Lopez")
    # "Beside the field": the message sits right under the email box, before the next field.
    field_box, error_box = email.bounding_box(), error.bounding_box()
    gap = error_box["y"] - (field_box["y"] + field_box["height"])
    assert 0 <= gap < 40, (field_box, error_box)
    assert error_box["y"] < field(form, "Website").bounding_box()["y"]
    expect(page.locator(".comment", has_text=STORY)).to_have_count(0)  # nothing was posted
