"""The moderator's work in the admin: find what waits, approve, mark spam, remove."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from comments.models import Comment

CHANGELIST = "/admin/comments/comment/"


@pytest.fixture
def waiting(article, make_comment):
    return make_comment(article, status=Comment.Status.PENDING, body="Please approve me.")


def run_action(client, action, *comments):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [c.pk for c in comments]},
        follow=True,
    )


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_changelist_filtered_by_pending_shows_waiting_comments(moderator_client, waiting):
    response = moderator_client.get(CHANGELIST, {"status__exact": "pending"})
    assert response.status_code == 200
    assert "Please approve me." in response.text
    assert "Tracy Perkins" not in response.text


def test_changelist_shows_excerpt_article_author_date_and_status(moderator_client, waiting):
    text = moderator_client.get(CHANGELIST).text
    for column in ["column-excerpt", "column-article_link", "column-author_name",
                   "column-created_at", "column-status"]:  # fmt: skip
        assert column in text
    assert waiting.article.title in text


@pytest.mark.parametrize("query", ["Pat Reader", "pat@example.com", "approve me", "203.0.113.9"])
def test_search_finds_comments_by_name_email_text_and_ip(moderator_client, waiting, query):
    response = moderator_client.get(CHANGELIST, {"q": query})
    assert "Please approve me." in response.text


def test_approve_action_makes_the_comment_visible_to_everyone(moderator_client, waiting):
    response = run_action(moderator_client, "make_approved", waiting)
    assert "1 comment approved." in response.text
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED
    assert "Please approve me." in Client().get(waiting.article.get_absolute_url()).text


def test_action_records_the_moderator_and_writes_the_admin_log(
    moderator_client, moderator, waiting
):
    run_action(moderator_client, "make_approved", waiting)
    waiting.refresh_from_db()
    assert waiting.moderated_by == moderator
    assert waiting.moderated_at is not None
    assert LogEntry.objects.filter(user=moderator, object_id=str(waiting.pk)).exists()


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        ("make_spam", "spam", "2 comments marked as spam."),
        ("make_removed", "removed", "2 comments removed."),
    ],
)
def test_spam_and_remove_actions_hide_comments_and_report_counts(
    moderator_client, article, make_comment, action, status, message
):
    comments = [make_comment(article, body=f"Visible {i}") for i in range(2)]
    response = run_action(moderator_client, action, *comments)
    assert message in response.text
    assert set(Comment.objects.filter(article=article).values_list("status", flat=True)) == {status}
    assert "Visible 0" not in Client().get(article.get_absolute_url()).text


def test_counts_only_comments_whose_status_changed(
    moderator_client, article, make_comment, waiting
):
    already = make_comment(article)
    response = run_action(moderator_client, "make_approved", waiting, already)
    assert "1 comment approved." in response.text
