"""A poster anonymises or withdraws their comment from its status page, at any time: every
reader sees the change at once, the privacy audit records it without naming them, and the
spam filter forgets what went."""

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment, PrivacyAudit
from comments.privacy import comment_hash, email_hash
from comments.services import comment_set_status, commenter_erase
from comments.status_links import status_url
from tests.comments.test_spamfilter import counts, learned, rebuilt

STORY = "Botox every twelve weeks works for me."


@pytest.fixture
def comment(article, make_comment):
    """Maria's published comment, from three years ago, with everything a post keeps."""
    return make_comment(
        article,
        author_name="Maria Lopez",
        author_email="maria@example.com",
        author_url="https://maria.example/",
        user_agent="Firefox",
        body=STORY,
        notify_on_approval=True,
        notify_on_reply=True,
        reply_notify_confirmed_at=timezone.now(),
        created_at=timezone.now() - timezone.timedelta(days=3 * 365),
    )


def confirm(comment, action):
    """Press "Yes, … my comment" on the confirmation page."""
    response = Client().post(f"{status_url(comment)}{action}/")
    assert response.status_code == 302
    comment.refresh_from_db()
    return response


def public_page(comment):
    return Client().get(comment.article.get_absolute_url()).text


# Anonymise


def test_anonymising_keeps_the_text_and_drops_every_personal_detail(comment):
    response = confirm(comment, "anonymise")
    assert response["Location"] == f"{status_url(comment)}?done=anonymised"
    assert (comment.author_name, comment.body, comment.status) == ("Anonymous", STORY, "approved")
    assert comment.author_email == comment.author_url == comment.user_agent == ""
    assert comment.ip_address is None
    assert not (comment.notify_on_approval or comment.notify_on_reply)
    assert comment.reply_notify_confirmed_at is None


def test_anonymising_shows_on_the_public_page_at_once(comment):
    assert "Maria Lopez" in public_page(comment)  # the page is now kept
    confirm(comment, "anonymise")
    page = public_page(comment)
    assert "Maria Lopez" not in page
    assert "https://maria.example/" not in page
    assert STORY in page


def test_an_anonymised_comment_is_not_offered_anonymising_again(comment):
    confirm(comment, "anonymise")
    page = Client().get(status_url(comment)).text
    assert "/anonymise/" not in page
    assert "/withdraw/" in page


def test_anonymising_leaves_the_filter_what_a_rebuild_would_make(comment, moderator):
    Comment.objects.filter(pk=comment.pk).update(status="pending")
    comment_set_status(Comment.objects.filter(pk=comment.pk), status="approved", by=moderator)
    confirm(comment, "anonymise")
    assert counts("n:maria") == counts("d:maria.example") == (0, 0)
    assert counts("n:anonymous") == (1, 0)
    assert learned() == rebuilt()


# Withdraw


def test_withdrawing_erases_the_text_and_every_personal_detail(comment):
    response = confirm(comment, "withdraw")
    assert response["Location"] == f"{status_url(comment)}?done=withdrawn"
    assert comment.withdrawn_at is not None
    assert comment.body == comment.author_name == comment.author_email == ""
    assert comment.author_url == comment.user_agent == ""
    assert comment.ip_address is None
    assert not (comment.notify_on_approval or comment.notify_on_reply)


def test_a_withdrawn_comment_without_replies_leaves_the_public_page(comment):
    assert STORY in public_page(comment)
    confirm(comment, "withdraw")
    assert comment.status == Comment.Status.REMOVED
    page = public_page(comment)
    assert STORY not in page
    assert "Withdrawn by its author." not in page
    comment.article.refresh_from_db()
    assert comment.article.comment_count == 0


def test_a_withdrawn_comment_with_replies_keeps_its_place_so_they_still_read(comment, make_comment):
    make_comment(comment.article, parent=comment, author_name="Shirley", body="Same for me!")
    confirm(comment, "withdraw")
    assert comment.status == Comment.Status.APPROVED
    page = public_page(comment)
    thread = page[page.index(f'id="comment-{comment.pk}"') :]
    assert thread.index("Withdrawn by its author.") < thread.index("Same for me!")
    assert STORY not in page
    assert "Maria Lopez" not in page


def test_a_reply_held_as_spam_does_not_keep_a_withdrawn_comment_in_place(comment, make_comment):
    make_comment(comment.article, parent=comment, status=Comment.Status.SPAM)
    confirm(comment, "withdraw")
    assert comment.status == Comment.Status.REMOVED


def test_withdrawing_erases_the_earlier_versions(comment):
    comment.revisions.create(body="Maria's first version.", status="approved")
    confirm(comment, "withdraw")
    assert not comment.revisions.exists()


def test_withdrawing_leaves_nothing_in_the_spam_filter(comment, moderator):
    Comment.objects.filter(pk=comment.pk).update(status="pending")
    comment_set_status(Comment.objects.filter(pk=comment.pk), status="approved", by=moderator)
    assert counts("w:botox") == (1, 0)
    confirm(comment, "withdraw")
    assert learned() == rebuilt() == set()


def test_a_withdrawn_comments_link_still_works_and_says_so_with_nothing_to_do(comment):
    confirm(comment, "withdraw")
    response = Client().get(status_url(comment))
    assert response.status_code == 200
    assert "You withdrew this comment on" in response.text
    for offer in ("<textarea", "/anonymise/", "/withdraw/"):
        assert offer not in response.text


def test_a_withdrawn_comments_confirmation_pages_lead_back_to_its_status_page(comment):
    confirm(comment, "withdraw")
    for action in ("anonymise", "withdraw"):
        response = Client().get(f"{status_url(comment)}{action}/")
        assert (response.status_code, response["Location"]) == (302, status_url(comment))


# The privacy audit, and the erasure by email


@pytest.mark.parametrize("action", ["anonymise", "withdraw"])
def test_the_audit_records_it_without_naming_the_commenter(comment, action):
    confirm(comment, action)
    entry = PrivacyAudit.objects.get()
    assert (entry.action, entry.comment_count) == (action, 1)
    assert (entry.actor, entry.via) == ("the commenter", "status page")
    # The comment's keyed hash, not the email's: the poster erased this comment, not every
    # comment their email wrote (a restore does again exactly what was done).
    assert entry.email_hash == comment_hash(comment)
    assert entry.email_hash != email_hash("maria@example.com")
    row = str(list(PrivacyAudit.objects.values())).lower()
    assert "maria" not in row
    assert "lopez" not in row


def test_erasing_a_commenter_by_email_erases_their_earlier_versions(comment):
    comment.revisions.create(body="Maria's first version.", status="approved")
    commenter_erase(email="maria@example.com", actor="test", via="test")
    assert not comment.revisions.exists()


def test_erasing_a_commenter_by_email_stops_their_reply_emails(comment):
    commenter_erase(email="maria@example.com", actor="test", via="test")
    comment.refresh_from_db()
    assert not comment.notify_on_reply
    assert comment.reply_notify_confirmed_at is None


def test_the_erasure_ledger_names_the_comment_by_its_hash(comment, erasure_ledger):
    confirm(comment, "withdraw")
    line = erasure_ledger.read_text()
    assert line.startswith(f"{comment_hash(comment)} withdraw ")
    assert "maria" not in line.lower()
