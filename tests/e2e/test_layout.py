"""The pages fit a 390 px wide phone screen: nothing makes the reader scroll sideways."""

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import comment_form, field

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE_WIDTH = 390


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the screen (0 when it fits)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


@pytest.mark.parametrize("path", ["/", "/articles/hemifacial-spasm/"])
def test_page_has_no_horizontal_scroll_on_a_390px_phone(phone, live_server, path):
    phone.goto(live_server.url + path)
    assert phone.evaluate("window.innerWidth") == PHONE_WIDTH
    assert horizontal_overflow(phone) == 0


def test_comment_form_fits_a_390px_phone(phone, article_url):
    phone.goto(article_url)
    comment = field(comment_form(phone), "Comment")
    expect(comment).to_be_visible()
    box = comment.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
    button = phone.get_by_role("button", name="Post comment")
    assert button.bounding_box()["x"] + button.bounding_box()["width"] <= PHONE_WIDTH


def test_the_reply_link_is_a_tap_target_of_at_least_24px_on_a_phone(phone, article_url):
    """WCAG 2.2 asks for 24 x 24 CSS pixels at least (success criterion 2.5.8)."""
    phone.goto(article_url)
    box = phone.locator(".comment__reply").first.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
