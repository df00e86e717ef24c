"""A poster edits their comment from its status page for COMMENTS_EDIT_MINUTES: the earlier
text is kept for the moderators, the edit is moderated again, and the spam filter learns the
final text only."""

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import BlockedTerm, Comment
from comments.services import comment_set_status
from comments.status_links import status_url
from tests.comments.test_spamfilter import counts, learned, rebuilt

STORY = "Botox every twelve weeks works for me."


@pytest.fixture
def comment(article, make_comment):
    return make_comment(article, body=STORY)


def edit(comment, body):
    """Post the status page's edit form, as the poster's browser does."""
    return Client().post(f"{status_url(comment)}edit/", {"body": body})


def stored(comment):
    comment.refresh_from_db()
    return comment


def test_the_page_says_until_when_the_comment_can_be_edited(comment):
    page = Client().get(status_url(comment)).text
    deadline = timezone.localtime(comment.created_at + timezone.timedelta(minutes=15))
    assert "You can change the text until" in page
    assert f"{deadline:%Y-%m-%dT%H:%M:%S}" in page
    assert f">\n{STORY}</textarea>" in page


def test_an_edit_is_saved_and_the_page_confirms_it_after_a_redirect(comment):
    response = edit(comment, "Botox every ten weeks works for me.\r\n")
    assert response.status_code == 302
    assert response["Location"] == f"{status_url(comment)}?done=edited"
    assert stored(comment).body == "Botox every ten weeks works for me."
    assert comment.edited_at is not None
    assert "Your changes are saved." in Client().get(response["Location"]).text


def test_the_replaced_text_is_kept_with_the_status_it_had(comment):
    edit(comment, "A new text.")
    revision = comment.revisions.get()
    assert (revision.body, revision.status) == (STORY, "approved")


def test_an_edit_shows_on_the_public_page_at_once(client, comment):
    client.get(comment.article.get_absolute_url())  # the page is now kept
    edit(comment, "Botox every ten weeks works for me.")
    page = client.get(comment.article.get_absolute_url()).text
    assert "Botox every ten weeks" in page
    assert STORY not in page


def test_an_empty_edit_is_refused_and_changes_nothing(comment):
    response = edit(comment, "   ")
    assert response.status_code == 400
    assert "Please write your comment." in response.text
    assert stored(comment).body == STORY


def test_an_edit_longer_than_the_limit_is_refused(comment, settings):
    settings.COMMENTS_MAX_LENGTH = 20
    response = edit(comment, "x" * 21)
    assert response.status_code == 400
    assert stored(comment).body == STORY


def test_after_the_edit_window_the_page_offers_no_edit(article, make_comment):
    comment = make_comment(article, created_at=timezone.now() - timezone.timedelta(minutes=16))
    page = Client().get(status_url(comment)).text
    assert "<textarea" not in page
    assert "that time has passed" in page


def test_an_edit_sent_after_the_window_keeps_the_text_on_the_page_and_saves_nothing(
    article, make_comment
):
    comment = make_comment(article, created_at=timezone.now() - timezone.timedelta(minutes=16))
    response = edit(comment, "My careful new text, written slowly.")
    assert response.status_code == 400
    assert "The time for editing this comment has passed" in response.text
    assert ">\nMy careful new text, written slowly.</textarea>" in response.text
    assert stored(comment).body == "Thank you for this article."
    assert not comment.revisions.exists()


def test_a_withdrawn_comment_cannot_be_edited(comment):
    Client().post(f"{status_url(comment)}withdraw/")
    assert edit(comment, "Back again.").status_code == 400
    assert stored(comment).body == ""


# Moderated again


def test_a_published_comment_that_gains_a_link_waits_for_a_moderator_again(comment):
    edit(comment, f"{STORY} See https://clinic.example/botox")
    assert stored(comment).status == Comment.Status.PENDING
    assert "add a link" in comment.status_reason
    assert "https://clinic.example" not in Client().get(comment.article.get_absolute_url()).text


def test_a_published_comment_keeping_its_link_stays_published(article, make_comment):
    comment = make_comment(article, body="I read https://nhs.example/hfs first.")
    edit(comment, "I read https://nhs.example/hfs first, then asked my doctor.")
    assert stored(comment).status == Comment.Status.APPROVED


def test_a_published_comment_that_gains_crisis_wording_waits_for_a_moderator(comment):
    edit(comment, f"{STORY} Some days I want to die.")
    assert stored(comment).status == Comment.Status.PENDING
    assert "crisis" in comment.status_reason


def test_an_edit_with_a_blocked_word_is_spam(comment):
    BlockedTerm.objects.create(kind=BlockedTerm.Kind.WORD, value="zorblax")
    edit(comment, "Buy zorblax here.")
    assert stored(comment).status == Comment.Status.SPAM
    assert "zorblax" in comment.status_reason
    assert "Waiting for a moderator." in Client().get(status_url(comment)).text


def test_an_edit_never_brings_a_comment_nearer_to_readers(article, make_comment):
    make_comment(article, body="An earlier, approved comment.")  # Pat is a known commenter
    spam = make_comment(article, status=Comment.Status.SPAM, status_reason="Too fast.")
    pending = make_comment(article, status=Comment.Status.PENDING)
    for comment in (spam, pending):
        edit(comment, "A perfectly harmless text.")
    assert (stored(spam).status, spam.status_reason) == ("spam", "Too fast.")
    assert stored(pending).status == Comment.Status.PENDING


def test_an_edit_that_unpublishes_withdraws_the_moderators_verdict(
    article, make_comment, moderator
):
    comment = make_comment(article, status=Comment.Status.PENDING)
    comment_set_status(Comment.objects.filter(pk=comment.pk), status="approved", by=moderator)
    assert learned()
    edit(comment, "Visit https://clinic.example/ now.")
    assert (stored(comment).spam_label, comment.moderated_by) == ("", None)
    assert learned() == rebuilt() == set()


def test_the_moderators_are_emailed_when_an_edit_sends_a_comment_back_to_them(
    comment, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.COMMENTS_MODERATOR_EMAILS = ["mod@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        edit(comment, f"{STORY} https://clinic.example/")
    assert [message.to for message in mailoutbox] == [["mod@example.com"]]
    assert "Comment waiting" in mailoutbox[0].subject


def test_the_spam_filter_learns_the_final_text_only(article, make_comment, moderator):
    comment = make_comment(article, body="Zebrafish helped", status=Comment.Status.PENDING)
    comment_set_status(Comment.objects.filter(pk=comment.pk), status="approved", by=moderator)
    edit(comment, "Quokka helped")
    edit(comment, "Wombat helped")
    assert counts("w:zebrafish") == counts("w:quokka") == (0, 0)
    assert counts("w:wombat") == (1, 0)
    assert learned() == rebuilt()
