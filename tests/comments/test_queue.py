"""The moderation queue in the admin: what waits, riskiest first, with one-click row actions
that can be undone for a few minutes."""

import time
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment, CommentReport
from comments.queue import PER_PAGE

QUEUE = "/admin/comments/comment/queue/"
UNDO = "/admin/comments/comment/queue/undo/"
JSON = {"HTTP_ACCEPT": "application/json"}


def moderate_url(comment):
    return f"/admin/comments/comment/{comment.pk}/moderate/"


@pytest.fixture
def waiting(article, make_comment):
    """Make a comment waiting for a moderator, posted `minutes_ago`."""

    def make(body="Botox helped me.", minutes_ago=0, **fields):
        created_at = timezone.now() - timedelta(minutes=minutes_ago)
        return make_comment(
            article, status=Comment.Status.PENDING, body=body, created_at=created_at, **fields
        )

    return make


@pytest.fixture
def viewer_client(client, django_user_model):
    """A staff user who may view comments but not change them."""
    user = django_user_model.objects.create_user("viewer", password="a-long-password")
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(user)
    return client


def bodies(response):
    return [row.comment.body for row in response.context["rows"]]


def test_queue_shows_riskiest_first_then_oldest(moderator_client, waiting):
    waiting("Old and calm.", minutes_ago=60)
    waiting("New and risky.", minutes_ago=1, risk=5, tags="personal-data")
    waiting("In distress.", minutes_ago=2, risk=9, tags="distress")
    waiting("Newest and calm.", minutes_ago=0)

    response = moderator_client.get(QUEUE)

    assert bodies(response) == [
        "In distress.",
        "New and risky.",
        "Old and calm.",
        "Newest and calm.",
    ]


def test_queue_holds_only_waiting_comments(moderator_client, waiting, article, make_comment):
    waiting("Waiting.")
    make_comment(article, body="Published.")
    make_comment(article, body="Spam.", status=Comment.Status.SPAM)

    assert bodies(moderator_client.get(QUEUE)) == ["Waiting."]


def test_queue_shows_the_whole_text_escaped_in_paragraphs(moderator_client, waiting):
    text = "First paragraph <b>bold?</b>\n\n" + "word " * 200 + "the very end."
    waiting(text)

    html = moderator_client.get(QUEUE).content.decode()

    assert "<p>First paragraph &lt;b&gt;bold?&lt;/b&gt;</p>" in html
    assert "the very end.</p>" in html


def test_queue_row_shows_article_reason_and_the_comment_it_answers(
    moderator_client, waiting, article, make_comment
):
    parent = make_comment(article, author_name="Shirley", body="Has anyone tried surgery?")
    waiting("Yes, in 2009.", parent=parent, status_reason="Too many links (3).")

    html = moderator_client.get(QUEUE).content.decode()

    assert article.title in html
    assert "In reply to Shirley:</strong> Has anyone tried surgery?" in html
    assert "Why it waits:</strong> Too many links (3)." in html


def test_queue_shows_triage_tags_as_badges(moderator_client, waiting):
    waiting(tags="distress personal-data", risk=9)

    html = moderator_client.get(QUEUE).content.decode()

    assert '<li class="queue-tag queue-tag--distress">Distress</li>' in html
    assert '<li class="queue-tag queue-tag--personal-data">Personal data</li>' in html


def test_queue_filters_by_tag(moderator_client, waiting):
    waiting("Call me.", tags="personal-data medical-claim")
    waiting("Buy now.", tags="commercial")
    waiting("Untagged.")

    response = moderator_client.get(QUEUE, {"tag": "medical-claim"})

    assert bodies(response) == ["Call me."]
    counts = {f["label"]: f["count"] for f in response.context["tag_filters"]}
    assert counts == {
        "All": 3,
        "Distress": 0,
        "Personal data": 1,
        "Medical claim": 1,
        "Commercial": 1,
    }


def test_queue_shows_reports_with_their_count_and_reasons(moderator_client, waiting):
    comment = waiting(status_reason="Hidden after 3 reports: abusive or hateful (2), other (1)")
    for reporter, reason in enumerate(["abusive", "abusive", "other"]):
        CommentReport.objects.create(comment=comment, reason=reason, reporter=str(reporter))

    html = moderator_client.get(QUEUE).content.decode()

    assert "Reported 3 times:</strong> Abusive or hateful (2); Something else (1)" in html
    assert "Hidden after 3 reports" in html


def test_queue_pages_hold_fifty_comments(moderator_client, waiting):
    for number in range(PER_PAGE + 1):
        waiting(f"Comment {number}.", minutes_ago=100 - number)

    first = moderator_client.get(QUEUE)
    second = moderator_client.get(QUEUE, {"page": 2})

    assert len(first.context["rows"]) == PER_PAGE
    assert bodies(second) == [f"Comment {PER_PAGE}."]


def test_queue_costs_as_many_queries_for_thirty_comments_as_for_one(
    moderator_client, waiting, article, make_comment
):
    """Rows read their article, the comment they answer and their reports in the one query."""
    parent = make_comment(article)
    waiting(parent=parent, tags="distress")
    with CaptureQueriesContext(connection) as one:
        moderator_client.get(QUEUE)
    for _ in range(29):
        comment = waiting(parent=parent, tags="commercial")
        CommentReport.objects.create(comment=comment, reason="other", reporter="someone")
    with CaptureQueriesContext(connection) as thirty:
        moderator_client.get(QUEUE)

    assert len(thirty) == len(one)


def test_comment_list_links_to_the_queue_with_how_many_wait(moderator_client, waiting):
    waiting()
    waiting()

    html = moderator_client.get("/admin/comments/comment/").content.decode()

    assert f'<a href="{QUEUE}">Moderation queue (2 waiting)</a>' in html


@pytest.mark.parametrize(
    ("action", "status", "done"),
    [
        ("approve", Comment.Status.APPROVED, "Approved"),
        ("spam", Comment.Status.SPAM, "Marked as spam"),
        ("remove", Comment.Status.REMOVED, "Removed"),
    ],
)
def test_row_action_decides_and_comes_back_to_the_queue_with_an_undo(
    moderator_client, moderator, waiting, action, status, done
):
    comment = waiting(author_name="Tracy")

    response = moderator_client.post(
        moderate_url(comment), {"action": action, "next": f"{QUEUE}?tag=distress"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?tag=distress"
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.moderated_by == moderator
    page = moderator_client.get(response["Location"]).content.decode()
    assert f"{done}: Tracy." in page
    assert f'action="{UNDO}"' in page


def test_row_action_is_recorded_in_the_admin_log(moderator_client, moderator, waiting):
    comment = waiting()

    moderator_client.post(moderate_url(comment), {"action": "approve"})

    entry = LogEntry.objects.get(object_id=str(comment.pk))
    assert entry.user == moderator
    assert entry.get_change_message() == "Set status to approved."


def test_row_action_answers_the_queue_script_in_json(moderator_client, waiting):
    comment = waiting()

    response = moderator_client.post(moderate_url(comment), {"action": "spam"}, **JSON)

    assert response.status_code == 200
    assert response.json()["message"] == "Marked as spam"
    assert response.json()["undo"]


def test_decline_without_a_reason_is_refused(moderator_client, waiting):
    comment = waiting()

    response = moderator_client.post(moderate_url(comment), {"action": "decline"}, **JSON)

    assert response.status_code == 400
    assert response.json()["message"] == "Choose why the comment is declined."
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def decide(client, comment, action):
    return client.post(moderate_url(comment), {"action": action}, **JSON).json()["undo"]


def test_undo_within_five_minutes_puts_the_comment_back(moderator_client, waiting):
    comment = waiting()
    token = decide(moderator_client, comment, "spam")

    response = moderator_client.post(UNDO, {"token": token}, **JSON)

    assert response.json()["message"] == "Undone."
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.spam_label == Comment.SpamLabel.NONE  # not taught "genuine", as Not spam does


def test_undo_is_recorded_in_the_admin_log(moderator_client, waiting):
    comment = waiting()
    moderator_client.post(UNDO, {"token": decide(moderator_client, comment, "approve")})

    messages = [e.get_change_message() for e in LogEntry.objects.filter(object_id=comment.pk)]

    assert "Undid the last decision on it." in messages


def test_undo_without_javascript_comes_back_to_the_queue(moderator_client, waiting):
    comment = waiting()
    token = decide(moderator_client, comment, "approve")

    response = moderator_client.post(UNDO, {"token": token}, follow=True)

    assert response.redirect_chain[-1][0] == QUEUE
    assert bodies(response) == [comment.body]


def test_undo_after_five_minutes_is_refused(moderator_client, waiting, monkeypatch):
    comment = waiting()
    token = decide(moderator_client, comment, "approve")
    later = time.time() + 5 * 60 + 2
    monkeypatch.setattr(signing.time, "time", lambda: later)

    response = moderator_client.post(UNDO, {"token": token}, **JSON)

    assert response.status_code == 400
    assert response.json()["message"] == "This can no longer be undone."
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_undo_leaves_a_later_decision_alone(moderator_client, waiting):
    comment = waiting()
    token = decide(moderator_client, comment, "approve")
    decide(moderator_client, comment, "remove")

    response = moderator_client.post(UNDO, {"token": token}, **JSON)

    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED


def test_a_forged_undo_is_refused(moderator_client, waiting):
    comment = waiting()
    decide(moderator_client, comment, "approve")

    response = moderator_client.post(UNDO, {"token": "forged"}, **JSON)

    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


@pytest.mark.parametrize(
    ("method", "address"),
    [("get", QUEUE), ("post", UNDO), ("post", "moderate"), ("get", "redact"), ("post", "redact")],
)
def test_staff_who_may_not_change_comments_get_403(viewer_client, waiting, method, address):
    comment = waiting()
    if address in ("moderate", "redact"):
        address = f"/admin/comments/comment/{comment.pk}/{address}/"

    response = getattr(viewer_client, method)(address, {"action": "approve"})

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_row_actions_need_a_post(moderator_client, waiting):
    assert moderator_client.get(moderate_url(waiting())).status_code == 405
