"""A moderator works through the moderation queue: one click per comment, no reload, an undo,
the keyboard, and a decline with a reason."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def queued():
    """Three waiting comments on the seed article, oldest first (the queue's order)."""
    article = Article.objects.get(slug="hemifacial-spasm")
    now = timezone.now()
    return [
        Comment.objects.create(
            article=article,
            author_name=name,
            body=body,
            status=Comment.Status.PENDING,
            created_at=now - timedelta(minutes=10 - number),
        )
        for number, (name, body) in enumerate(
            [
                ("Ann", "Botox every three months keeps it quiet."),
                ("Ben", "Mine started after a cold."),
                ("Cas", "Buy my miracle cure at my shop."),
            ]
        )
    ]


@pytest.fixture
def queue_page(new_context, live_server, moderator, queued):
    """The queue of `queued`, open in the admin for a signed-in moderator."""
    page = new_context().new_page()
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(moderator.username)
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/comments/comment/queue/")
    # Set on this document only: still there after an action means the page did not reload.
    page.evaluate("window.sameDocument = true")
    return page


def row(page, comment):
    return page.locator(f"#queue-row-{comment.pk}")


def stored_status(comment):
    comment.refresh_from_db()
    return comment.status


def test_moderator_approves_with_one_click_then_undoes_it(queue_page, queued):
    ann = queued[0]
    row(queue_page, ann).get_by_role("button", name="Approve").click()

    expect(queue_page.get_by_text("Approved ·")).to_be_visible()
    expect(queue_page.locator("#queue-live")).to_have_text("Approved.")
    expect(queue_page.get_by_text(ann.body)).to_have_count(0)
    assert stored_status(ann) == Comment.Status.APPROVED
    assert queue_page.evaluate("window.sameDocument")

    queue_page.get_by_role("button", name="Undo").click()

    expect(row(queue_page, ann).get_by_text(ann.body)).to_be_visible()
    expect(queue_page.locator("#queue-live")).to_have_text("Undone.")
    assert stored_status(ann) == Comment.Status.PENDING
    assert queue_page.evaluate("window.sameDocument")


def test_moderator_moves_down_with_j_and_approves_with_a(queue_page, queued):
    ann, ben, _ = queued
    queue_page.keyboard.press("j")
    expect(row(queue_page, ann)).to_be_focused()
    queue_page.keyboard.press("j")
    expect(row(queue_page, ben)).to_be_focused()

    queue_page.keyboard.press("a")

    expect(queue_page.get_by_text("Approved ·")).to_be_visible()
    assert stored_status(ben) == Comment.Status.APPROVED
    assert stored_status(ann) == Comment.Status.PENDING
    queue_page.keyboard.press("u")
    expect(row(queue_page, ben).get_by_text(ben.body)).to_be_visible()
    assert stored_status(ben) == Comment.Status.PENDING


def test_the_last_decision_on_the_page_says_there_are_no_more(queue_page, queued):
    for decided in range(1, len(queued) + 1):
        queue_page.keyboard.press("a")
        expect(queue_page.locator(".queue-row--done")).to_have_count(decided)

    expect(queue_page.locator("#queue-live")).to_have_text(
        "Approved. No more comments on this page: reload for more."
    )


def test_typing_in_a_field_triggers_no_shortcut(queue_page, queued):
    cas = queued[2]
    row(queue_page, cas).get_by_text("Decline with a reason").click()
    row(queue_page, cas).get_by_label("Note to the poster (optional)").fill("a s r")

    assert stored_status(cas) == Comment.Status.PENDING
    expect(row(queue_page, cas).get_by_text(cas.body)).to_be_visible()


def test_moderator_declines_a_comment_with_a_reason(queue_page, queued):
    cas = queued[2]
    cas_row = row(queue_page, cas)
    cas_row.get_by_text("Decline with a reason").click()
    cas_row.get_by_label("Reason").select_option(label="Advertising")
    cas_row.get_by_label("Note to the poster (optional)").fill("No shop links, please.")
    cas_row.get_by_role("button", name="Decline", exact=True).click()

    expect(queue_page.get_by_text("Declined: advertising ·")).to_be_visible()
    cas.refresh_from_db()
    assert (cas.status, cas.decline_reason) == (Comment.Status.REMOVED, "advertising")
    assert cas.decline_note == "No shop links, please."


def test_the_queue_works_without_javascript(new_context, live_server, moderator, queued):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(moderator.username)
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/comments/comment/queue/")

    row(page, queued[0]).get_by_role("button", name="Spam").click()

    expect(page.get_by_text("Marked as spam: Ann.")).to_be_visible()
    assert stored_status(queued[0]) == Comment.Status.SPAM
    page.get_by_role("button", name="Undo").click()
    expect(row(page, queued[0])).to_be_visible()
    assert stored_status(queued[0]) == Comment.Status.PENDING
