"""A poster stops reply emails from the link in one, and a browser remembers a poster's name
and email until they ask it to forget them."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import Comment
from comments.services import comment_set_status
from tests.e2e.pages import comment_form, field, post_comment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def reply_email(live_server, settings, seed_article, make_comment, moderator, mailoutbox):
    """The email Ann gets when a reply to her comment is approved, its links on the live site."""
    settings.SITE_URL = live_server.url
    ann = make_comment(
        seed_article,
        author_name="Ann Lee",
        author_email="ann@example.com",
        notify_on_reply=True,
        reply_notify_confirmed_at=timezone.now(),
    )
    reply = make_comment(seed_article, parent=ann, author_name="Ben", status=Comment.Status.PENDING)
    comment_set_status(Comment.objects.filter(pk=reply.pk), status="approved", by=moderator)
    [email] = mailoutbox
    return ann, email


def test_poster_stops_reply_emails_from_the_link_in_one(new_context, reply_email):
    ann, email = reply_email
    link = re.search(r"^(http\S+/comments/unsubscribe/\S+)$", email.body, re.MULTILINE).group(1)
    page = new_context().new_page()
    page.goto(link)
    page.get_by_role("button", name="Stop these emails").click()

    expect(page.get_by_role("status")).to_contain_text("You are unsubscribed.")
    ann.refresh_from_db()
    assert not ann.notify_on_reply
    page.goto(link)
    expect(page.get_by_role("status")).to_contain_text("You were already unsubscribed.")


def test_a_remembered_name_and_email_fill_the_form_on_the_next_visit_until_forgotten(
    new_context, article_url
):
    page = new_context().new_page()
    page.goto(article_url)
    comment_form(page).get_by_label("Remember my name and email on this device").check()
    post_comment(page, body="Botox every three months keeps my eyelid calm.")
    expect(page.get_by_text("awaiting moderation").first).to_be_visible()

    page.goto(article_url)
    form = comment_form(page)
    expect(field(form, "Name")).to_have_value("Maria")
    expect(field(form, "Email")).to_have_value("maria@example.com")
    expect(form.get_by_label("Remember my name and email on this device")).to_be_checked()

    form.get_by_role("button", name="Forget my name and email on this device").click()
    expect(form.get_by_role("status")).to_contain_text("Forgotten")
    expect(field(form, "Name")).to_have_value("")
    page.reload()
    expect(field(comment_form(page), "Email")).to_have_value("")
