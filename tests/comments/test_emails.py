"""Telling people: moderators hear of each held comment; a commenter who asks hears once
of their comment's approval."""

from email.utils import parseaddr

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from comments.models import Comment
from comments.services import comment_create, comment_set_status


def post_url(article):
    return f"/articles/{article.slug}/comments/"


@pytest.fixture
def post_and_send(client, article, comment_data, django_capture_on_commit_callbacks):
    """Post the valid comment with any fields replaced, running the emails it queues."""

    def send(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(post_url(article), {**comment_data, **fields})
        return Comment.objects.filter(article=article).order_by("pk").last()

    return send


@pytest.fixture
def moderator_emails(settings):
    settings.COMMENTS_MODERATOR_EMAILS = ["mods@example.org", "lead@example.org"]


def test_held_comment_emails_the_moderators_its_text_reason_and_admin_link(
    post_and_send, mailoutbox, moderator_emails
):
    comment = post_and_send()
    [email] = mailoutbox
    assert email.to == ["mods@example.org", "lead@example.org"]
    assert email.subject == f"Comment waiting: Maria on {comment.article}"
    assert "My left eye started twitching last spring." in email.body
    assert "Reason: Waiting for a moderator." in email.body
    assert f"{settings.SITE_URL}/admin/comments/comment/{comment.pk}/change/" in email.body


def test_spam_and_approved_comments_send_no_moderator_email(
    post_and_send, mailoutbox, moderator_emails, article, make_comment
):
    post_and_send(homepage="bot")
    make_comment(article, author_name="Maria", author_email="known@example.com")
    post_and_send(author_email="known@example.com")
    assert mailoutbox == []


def test_without_the_setting_active_staff_who_may_moderate_are_emailed(
    post_and_send, mailoutbox, moderator, django_user_model
):
    group_member = django_user_model.objects.create_user(
        "grace", "grace@example.com", is_staff=True
    )
    group_member.groups.add(Group.objects.get(name="Moderators"))
    django_user_model.objects.create_user("editor", "editor@example.com", is_staff=True)
    django_user_model.objects.create_user("reader", "reader@example.com")
    post_and_send()
    assert mailoutbox[0].to == ["grace@example.com", "mod@example.com"]


def test_a_name_cannot_inject_email_headers(
    article, mailoutbox, moderator_emails, django_capture_on_commit_callbacks
):
    """Even past the form's cleaning, a newline in a name never reaches a header."""
    data = {
        "author_name": "Eve\r\nBcc: victim@example.com",
        "author_email": "eve@example.com",
        "body": "Hi",
    }
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(article=article, data=data)
    [email] = mailoutbox
    message = email.message()
    assert message["Subject"] == f"Comment waiting: Eve Bcc: victim@example.com on {article}"
    assert message["Bcc"] is None
    assert email.recipients() == ["mods@example.org", "lead@example.org"]


def test_mail_server_failure_keeps_the_comment_and_the_readers_answer(
    post_and_send, moderator_emails, settings, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    comment = post_and_send()
    assert comment.status == Comment.Status.PENDING
    assert "Could not send the email" in caplog.text


def test_form_offers_the_approval_email_checkbox(client, article):
    text = client.get(article.get_absolute_url()).text
    assert 'type="checkbox" name="notify_on_approval"' in text
    assert "Email me when my comment is approved" in text


def test_ticking_the_checkbox_is_stored_on_the_comment(post_and_send):
    assert post_and_send(notify_on_approval="on").notify_on_approval
    assert not post_and_send(body="A second, different story.").notify_on_approval


@pytest.fixture
def waiting_with_notice(article, make_comment):
    return make_comment(article, status=Comment.Status.PENDING, notify_on_approval=True)


@pytest.fixture
def approve(moderator, django_capture_on_commit_callbacks):
    def run(comment):
        with django_capture_on_commit_callbacks(execute=True):
            comment_set_status(
                Comment.objects.filter(pk=comment.pk), status=Comment.Status.APPROVED, by=moderator
            )

    return run


def test_approval_sends_one_email_to_a_commenter_who_asked(
    waiting_with_notice, approve, mailoutbox
):
    approve(waiting_with_notice)
    [email] = mailoutbox
    assert email.to == ["pat@example.com"]
    assert email.subject == "Your comment is published"
    assert f"{settings.SITE_URL}{waiting_with_notice.get_absolute_url()}" in email.body
    assert f'on the article "{waiting_with_notice.article}"' in email.body


def test_approval_email_sender_and_subject_do_not_name_the_condition(
    waiting_with_notice, approve, mailoutbox
):
    """A lock screen or a shared inbox shows the sender and subject: by default they say
    nothing of what the reader has."""
    approve(waiting_with_notice)
    [email] = mailoutbox
    for header in (email.subject, email.from_email):
        assert "hemifacial" not in header.lower()
        assert "spasm" not in header.lower()
    assert parseaddr(email.from_email) == ("Comments", parseaddr(settings.DEFAULT_FROM_EMAIL)[1])


def test_approval_email_sender_and_subject_are_settings(
    waiting_with_notice, approve, mailoutbox, settings
):
    settings.COMMENTS_EMAIL_FROM = "Site <hello@example.org>"
    settings.COMMENTS_APPROVAL_SUBJECT = "Thank you for writing"
    approve(waiting_with_notice)
    [email] = mailoutbox
    assert email.from_email == "Site <hello@example.org>"
    assert email.subject == "Thank you for writing"


def test_approval_email_is_never_sent_twice(waiting_with_notice, approve, mailoutbox):
    approve(waiting_with_notice)
    Comment.objects.filter(pk=waiting_with_notice.pk).update(status=Comment.Status.PENDING)
    approve(waiting_with_notice)
    assert len(mailoutbox) == 1


def test_approval_sends_nothing_to_a_commenter_who_did_not_ask(
    article, make_comment, approve, mailoutbox
):
    approve(make_comment(article, status=Comment.Status.PENDING))
    assert mailoutbox == []


def test_moderators_are_emailed_once_the_comment_is_committed(
    article, mailoutbox, moderator_emails, django_capture_on_commit_callbacks
):
    data = {"author_name": "Maria", "author_email": "maria@example.com", "body": "Hi"}
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(article=article, data=data)
        assert mailoutbox == []
    [email] = mailoutbox
    assert email.to == ["mods@example.org", "lead@example.org"]


def test_a_comment_whose_transaction_is_rolled_back_emails_nobody(
    article, mailoutbox, moderator_emails, django_capture_on_commit_callbacks
):
    data = {"author_name": "Maria", "author_email": "maria@example.com", "body": "Hi"}
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        comment_create(article=article, data=data)
        raise RuntimeError
    assert mailoutbox == []
    assert not Comment.objects.filter(article=article).exists()
