"""Declining a comment with a reason its poster reads, and approving it with parts removed,
which keeps the removed words nowhere."""

import pytest
from django.contrib.admin.models import LogEntry

from comments import spamfilter
from comments.models import Comment, CommentRevision, SpamToken
from comments.services import REDACTED, comment_decline
from comments.status_links import status_url
from tests.comments.test_admin import form_data

JSON = {"HTTP_ACCEPT": "application/json"}
STORY = "Call me on 020 7946 0958 about the surgery.\n\nDr Patel at St Mary's was wonderful."
PHONE = "020 7946 0958"


@pytest.fixture
def waiting(article, make_comment):
    return make_comment(article, status=Comment.Status.PENDING, body=STORY, author_name="Tracy")


def moderate_url(comment, what="moderate"):
    return f"/admin/comments/comment/{comment.pk}/{what}/"


def decline(client, comment, reason="personal-data", note=""):
    return client.post(
        moderate_url(comment), {"action": "decline", "reason": reason, "note": note}, **JSON
    )


# Decline -------------------------------------------------------------------------------------


def test_decline_removes_the_comment_with_its_reason_and_note(moderator_client, waiting):
    response = decline(moderator_client, waiting, "medical-claim", "Please leave out the dose.")

    assert response.json()["message"] == "Declined: unverified medical claim"
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.REMOVED
    assert waiting.decline_reason == "medical-claim"
    assert waiting.decline_note == "Please leave out the dose."


def test_decline_is_recorded_in_the_admin_log_without_the_note(
    moderator_client, moderator, waiting
):
    decline(moderator_client, waiting, "advertising", "Your shop's link is not welcome.")

    entries = LogEntry.objects.filter(object_id=str(waiting.pk), user=moderator)
    messages = [entry.get_change_message() for entry in entries]
    assert "Declined: advertising." in messages
    assert not any("shop" in message for message in messages)


def test_decline_for_advertising_does_not_mark_spam(moderator, waiting):
    comment_decline(Comment.objects.filter(pk=waiting.pk), reason="advertising", by=moderator)

    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.REMOVED
    assert waiting.spam_label == Comment.SpamLabel.NONE


def test_the_poster_reads_the_reason_and_note_on_their_status_page(
    client, moderator_client, waiting
):
    decline(moderator_client, waiting, "off-topic", "Try the forum <b>instead</b>.")

    html = client.get(status_url(waiting)).content.decode()

    assert "A moderator decided not to publish it. Reason: off-topic." in html
    assert "note to you: Try the forum &lt;b&gt;instead&lt;/b&gt;." in html


def test_a_comment_removed_without_a_reason_gives_none(client, moderator_client, waiting):
    moderator_client.post(moderate_url(waiting), {"action": "remove"}, **JSON)

    html = client.get(status_url(waiting)).content.decode()

    assert "A moderator decided not to publish it.\n" in html
    assert "Reason:" not in html


def test_undoing_a_decline_takes_the_reason_back(moderator_client, waiting):
    token = decline(moderator_client, waiting, "abusive", "Be kind.").json()["undo"]

    moderator_client.post("/admin/comments/comment/queue/undo/", {"token": token}, **JSON)

    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.PENDING
    assert (waiting.decline_reason, waiting.decline_note) == ("", "")


# Approve with redaction ----------------------------------------------------------------------


def redact(client, comment, text, reason="personal-data"):
    return client.post(moderate_url(comment, "redact"), {"text": text, "reason": reason})


def test_redaction_page_marks_what_the_privacy_check_finds(moderator_client, waiting):
    html = moderator_client.get(moderate_url(waiting, "redact")).content.decode()

    text = form_data(html, form_id="redact-form")["text"]
    assert text.startswith(f"Call me on [[{PHONE}]] about the surgery.")
    assert "[[Dr Patel]]" in text


def test_redaction_replaces_the_marked_parts_and_approves(moderator_client, moderator, waiting):
    marked = STORY.replace(PHONE, f"[[{PHONE}]]")

    response = redact(moderator_client, waiting, marked)

    assert response.status_code == 302
    assert response["Location"] == "/admin/comments/comment/queue/"
    waiting.refresh_from_db()
    removed = REDACTED.format(reason="personal data")
    assert waiting.body == STORY.replace(PHONE, removed)
    assert waiting.status == Comment.Status.APPROVED
    assert waiting.moderated_by == moderator


def test_redaction_keeps_the_removed_words_nowhere(moderator_client, waiting):
    CommentRevision.objects.create(comment=waiting, body=f"Ring {PHONE}", status="pending")
    CommentRevision.objects.create(comment=waiting, body="An earlier draft.", status="pending")

    redact(moderator_client, waiting, STORY.replace(PHONE, f"[[{PHONE}]]"))

    assert list(waiting.revisions.values_list("body", flat=True)) == ["An earlier draft."]
    messages = [e.get_change_message() for e in LogEntry.objects.filter(object_id=waiting.pk)]
    assert "Approved with 1 part removed: personal data." in messages
    assert not any("020" in message for message in messages)
    assert not Comment.objects.filter(body__contains=PHONE).exists()


def test_redaction_is_not_offered_an_undo(moderator_client, waiting):
    redact(moderator_client, waiting, STORY.replace(PHONE, f"[[{PHONE}]]"))

    html = moderator_client.get("/admin/comments/comment/queue/").content.decode()

    assert "Approved with 1 part removed: Tracy." in html
    assert 'name="token"' not in html


def test_the_spam_filter_learns_the_text_as_published(moderator_client, waiting):
    redact(moderator_client, waiting, STORY.replace("wonderful", "[[wonderful]]"))

    waiting.refresh_from_db()
    learned = set(SpamToken.objects.filter(ham__gt=0).values_list("token", flat=True))
    assert set(spamfilter.comment_features(waiting)) <= learned
    assert not {token for token in learned if "wonderful" in token}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (STORY.replace("surgery", "operation"), "The words changed"),
        (STORY.replace(PHONE, f"[[{PHONE}"), "Each [[ needs a ]] after it"),
        (STORY, "Mark at least one part with [[ ]] to remove."),
    ],
)
def test_redaction_refuses_anything_but_marks(moderator_client, waiting, text, error):
    response = redact(moderator_client, waiting, text)

    assert response.status_code == 200
    assert error in response.content.decode()
    waiting.refresh_from_db()
    assert (waiting.body, waiting.status) == (STORY, Comment.Status.PENDING)
