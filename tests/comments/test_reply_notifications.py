"""The emails a poster asks for on the form: the private link to their comment, and "Email me
when someone replies" (double opt-in, batched, one-click unsubscribe)."""

import re
import socket
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from comments import notifications
from comments.models import Comment, ReplyNotice
from comments.moderation import Signals
from comments.services import comment_create, comment_reply_as_site, comment_set_status
from comments.status_links import status_url

ANN = "ann@example.com"


def links_in(email):
    """The paths of the site's addresses in an email's body."""
    return [url.removeprefix(settings.SITE_URL) for url in re.findall(r"https?://\S+", email.body)]


def path_of(url):
    return url.removeprefix(settings.SITE_URL)


@pytest.fixture
def post(article, django_capture_on_commit_callbacks):
    """Store a reader's comment as the form does, running the emails it queues."""

    def post(
        *,
        email_status_link=False,
        notify_on_reply=False,
        email=ANN,
        parent=None,
        signals=None,
        **data,
    ):
        fields = {
            "author_name": "Ann Lee",
            "author_email": email,
            "author_url": "",
            "body": "It started in my left eyelid.",
            "notify_on_approval": False,
            "notify_on_reply": notify_on_reply,
            **data,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return comment_create(
                article=article,
                data=fields,
                parent=parent,
                signals=signals,
                email_status_link=email_status_link,
            )

    return post


@pytest.fixture
def subscriber(article, make_comment):
    """Ann's published comment, whose replies she asked for and confirmed."""
    return make_comment(
        article,
        author_name="Ann Lee",
        author_email=ANN,
        notify_on_reply=True,
        reply_notify_confirmed_at=timezone.now() - timedelta(days=1),
    )


@pytest.fixture
def approve(moderator, django_capture_on_commit_callbacks):
    """A moderator approves these comments, and the emails it queues are sent."""

    def approve(*comments):
        with django_capture_on_commit_callbacks(execute=True):
            comment_set_status(
                Comment.objects.filter(pk__in=[c.pk for c in comments]),
                status=Comment.Status.APPROVED,
                by=moderator,
            )

    return approve


@pytest.fixture
def reply_to(article, make_comment):
    """A reader's reply to `parent`, waiting for a moderator unless a status is given."""

    def reply(parent, body="Ask your neurologist about botulinum toxin.", **fields):
        defaults = {
            "author_name": "Ben",
            "author_email": "ben@example.com",
            "status": Comment.Status.PENDING,
        }
        return make_comment(article, parent=parent, body=body, **{**defaults, **fields})

    return reply


def send_later(seconds):
    """Run `send_reply_notices` as a timer would, this many seconds from now."""
    return notifications.send_waiting(now=timezone.now() + timedelta(seconds=seconds))


# The email sent when posting.


def test_the_private_link_and_the_confirmation_come_in_one_email(post, mailoutbox):
    comment = post(email_status_link=True, notify_on_reply=True)
    [email] = mailoutbox
    assert email.to == [ANN]
    assert email.subject == "Your comment's private link"
    assert status_url(comment) in links_in(email)
    assert path_of(notifications.confirm_url(comment)) in links_in(email)


def test_the_private_link_alone_has_no_confirmation_link(post, mailoutbox):
    comment = post(email_status_link=True)
    [email] = mailoutbox
    assert links_in(email) == [status_url(comment)]


def test_asking_only_for_reply_emails_sends_one_confirmation_email(post, mailoutbox):
    comment = post(notify_on_reply=True)
    [email] = mailoutbox
    assert email.subject == "Please confirm: emails about replies"
    assert links_in(email) == [path_of(notifications.confirm_url(comment))]


def test_poster_emails_come_from_the_neutral_sender_and_name_the_article_only_in_the_text(
    post, mailoutbox, article
):
    post(email_status_link=True, notify_on_reply=True)
    [email] = mailoutbox
    assert email.from_email == settings.COMMENTS_EMAIL_FROM
    assert article.title not in email.subject
    assert f"“{article.title}”" in email.body or f'"{article.title}"' in email.body


def test_no_box_ticked_sends_the_poster_nothing(post, mailoutbox):
    post()
    assert mailoutbox == []


def test_a_comment_held_as_spam_sends_its_poster_nothing(post, mailoutbox):
    """A bot cannot make the site mail the addresses it types."""
    bot = Signals(honeypot="https://spam.example")
    comment = post(email_status_link=True, notify_on_reply=True, signals=bot)
    assert comment.status == Comment.Status.SPAM
    assert mailoutbox == []


def test_the_same_post_sent_twice_sends_one_email(post, mailoutbox):
    post(email_status_link=True)
    post(email_status_link=True)
    assert len(mailoutbox) == 1


# Double opt-in.


def test_no_reply_email_is_sent_before_the_poster_confirms(
    subscriber, reply_to, approve, mailoutbox
):
    Comment.objects.filter(pk=subscriber.pk).update(reply_notify_confirmed_at=None)
    approve(reply_to(subscriber))
    assert mailoutbox == []
    assert not ReplyNotice.objects.exists()


def test_the_confirmation_link_shows_a_button_and_confirms_nothing_by_itself(client, post):
    comment = post(notify_on_reply=True)
    response = client.get(path_of(notifications.confirm_url(comment)))
    assert response.status_code == 200
    assert b"Yes, email me about replies" in response.content
    assert "no-store" in response["Cache-Control"]
    comment.refresh_from_db()
    assert comment.reply_notify_confirmed_at is None


def test_pressing_the_button_confirms(client, post):
    comment = post(notify_on_reply=True)
    response = client.post(path_of(notifications.confirm_url(comment)))
    assert b"Thank you: confirmed." in response.content
    comment.refresh_from_db()
    assert comment.reply_notify_confirmed_at is not None


def test_confirming_again_says_it_is_already_confirmed(client, post):
    comment = post(notify_on_reply=True)
    client.post(path_of(notifications.confirm_url(comment)))
    response = client.post(path_of(notifications.confirm_url(comment)))
    assert response.status_code == 200
    assert b"Already confirmed." in response.content


def test_a_confirmation_from_another_site_is_refused(client, post):
    comment = post(notify_on_reply=True)
    path = path_of(notifications.confirm_url(comment))
    response = client.post(path, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.reply_notify_confirmed_at is None


@pytest.mark.parametrize("view", ["confirm_url", "unsubscribe_url"])
def test_a_tampered_link_is_a_404(client, subscriber, view):
    path = path_of(getattr(notifications, view)(subscriber))
    tampered = path[:-2] + ("0" if path[-2] != "0" else "1") + "/"
    assert client.get(tampered).status_code == 404
    assert client.post(tampered).status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.notify_on_reply


def test_a_link_made_for_another_comment_is_a_404(client, subscriber, make_comment, article):
    other = make_comment(article, author_email="other@example.com")
    token = path_of(notifications.unsubscribe_url(subscriber)).split("/")[-2]
    forged = token.replace(f"{subscriber.pk}-", f"{other.pk}-", 1)
    assert client.post(f"/comments/unsubscribe/{forged}/").status_code == 404


# Reply emails.


def test_an_approved_reply_emails_the_subscriber_at_once(subscriber, reply_to, approve, mailoutbox):
    reply = reply_to(subscriber)
    approve(reply)
    [email] = mailoutbox
    assert email.to == [ANN]
    assert email.from_email == settings.COMMENTS_EMAIL_FROM
    assert email.subject == "New reply to your comment"
    assert "Ask your neurologist about botulinum toxin." in email.body
    assert reply.get_absolute_url() in links_in(email)
    assert status_url(subscriber) in links_in(email)


def test_each_reply_email_has_a_one_click_unsubscribe(subscriber, reply_to, approve, mailoutbox):
    approve(reply_to(subscriber))
    [email] = mailoutbox
    unsubscribe = notifications.unsubscribe_url(subscriber)
    assert email.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert path_of(unsubscribe) in links_in(email)


def test_replies_approved_within_the_interval_wait_for_the_next_email(
    subscriber, reply_to, approve, mailoutbox
):
    approve(reply_to(subscriber, "First answer."))
    approve(reply_to(subscriber, "Second answer."))
    approve(reply_to(subscriber, "Third answer."))
    assert len(mailoutbox) == 1
    assert ReplyNotice.objects.filter(sent_at__isnull=True).count() == 2


def test_the_command_sends_the_waiting_replies_in_one_email_once_the_interval_passed(
    subscriber, reply_to, approve, mailoutbox, settings, capsys
):
    approve(reply_to(subscriber, "First answer."))
    approve(reply_to(subscriber, "Second answer."), reply_to(subscriber, "Third answer."))
    mailoutbox.clear()
    an_interval_ago = timezone.now() - timedelta(seconds=settings.COMMENTS_REPLY_EMAIL_INTERVAL)
    Comment.objects.filter(pk=subscriber.pk).update(last_reply_email_at=an_interval_ago)
    call_command("send_reply_notices")
    [email] = mailoutbox
    assert email.subject == "2 new replies to your comment"
    assert "Second answer." in email.body and "Third answer." in email.body
    assert capsys.readouterr().out == "Sent 1 reply email.\n"


def test_the_command_sends_nothing_before_the_interval_has_passed(
    subscriber, reply_to, approve, mailoutbox, settings
):
    approve(reply_to(subscriber, "First answer."))
    approve(reply_to(subscriber, "Second answer."))
    assert send_later(settings.COMMENTS_REPLY_EMAIL_INTERVAL - 60) == 0
    assert send_later(settings.COMMENTS_REPLY_EMAIL_INTERVAL) == 1
    assert len(mailoutbox) == 2


def test_a_reply_is_never_told_twice(subscriber, reply_to, approve, mailoutbox, moderator):
    reply = reply_to(subscriber)
    approve(reply)
    comment_set_status(Comment.objects.filter(pk=reply.pk), status="pending", by=moderator)
    approve(reply)
    assert send_later(settings.COMMENTS_REPLY_EMAIL_INTERVAL) == 0
    assert len(mailoutbox) == 1


def test_a_reply_unapproved_before_its_email_is_left_out(
    subscriber, reply_to, approve, mailoutbox, moderator
):
    approve(reply_to(subscriber, "First answer."))
    removed = reply_to(subscriber, "Second answer.")
    approve(removed, reply_to(subscriber, "Third answer."))
    comment_set_status(Comment.objects.filter(pk=removed.pk), status="removed", by=moderator)
    send_later(settings.COMMENTS_REPLY_EMAIL_INTERVAL)
    last = mailoutbox[-1]
    assert last.subject == "New reply to your comment"
    assert "Third answer." in last.body
    assert "Second answer." not in last.body


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM])
def test_a_waiting_or_spam_reply_sends_nothing(
    subscriber, reply_to, mailoutbox, moderator, django_capture_on_commit_callbacks, status
):
    reply = reply_to(subscriber, status=Comment.Status.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        comment_set_status(Comment.objects.filter(pk=reply.pk), status=status, by=moderator)
    reply_to(subscriber, status=status)
    assert send_later(settings.COMMENTS_REPLY_EMAIL_INTERVAL) == 0
    assert mailoutbox == []


def test_a_posters_reply_to_their_own_comment_sends_them_nothing(
    subscriber, reply_to, approve, mailoutbox
):
    approve(reply_to(subscriber, author_email="Ann@Example.com"))
    assert mailoutbox == []


def test_a_reply_from_the_site_team_emails_the_subscriber(
    subscriber, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_reply_as_site(
            parent=subscriber, body="Thank you, Ann.", author_name="Site", by=moderator
        )
    [email] = mailoutbox
    assert "Thank you, Ann." in email.body


def test_a_known_commenters_reply_approved_at_once_emails_the_subscriber(
    subscriber, post, make_comment, article, mailoutbox
):
    make_comment(article, author_name="Ben", author_email="ben@example.com")
    reply = post(
        author_name="Ben",
        email="ben@example.com",
        parent=subscriber,
        body="My neurologist suggested the same treatment for my eyelid.",
    )
    assert reply.status == Comment.Status.APPROVED, reply.status_reason
    [email] = mailoutbox
    assert email.to == [ANN]


def test_a_withdrawn_comment_gets_no_reply_email(subscriber, reply_to, approve, mailoutbox):
    Comment.objects.filter(pk=subscriber.pk).update(withdrawn_at=timezone.now())
    approve(reply_to(subscriber))
    assert mailoutbox == []


def test_a_failing_mail_server_loses_nothing_and_the_command_sends_later(
    subscriber, reply_to, approve, mailoutbox, settings
):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = False
    reply = reply_to(subscriber)
    approve(reply)  # no error reaches the moderator
    reply.refresh_from_db()
    assert reply.status == Comment.Status.APPROVED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reply_notices")
    assert [email.subject for email in mailoutbox] == ["New reply to your comment"]


# Unsubscribing.


def unsubscribe_path(subscriber):
    return path_of(notifications.unsubscribe_url(subscriber))


def test_the_unsubscribe_link_shows_a_button_and_stops_nothing_by_itself(client, subscriber):
    response = client.get(unsubscribe_path(subscriber))
    assert b"Stop these emails" in response.content
    subscriber.refresh_from_db()
    assert subscriber.notify_on_reply


def test_the_mail_providers_one_click_post_unsubscribes(subscriber):
    """It comes from the provider's servers: no cookie, no Origin, no CSRF token."""
    mail_provider = Client(enforce_csrf_checks=True)
    response = mail_provider.post(
        unsubscribe_path(subscriber),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    subscriber.refresh_from_db()
    assert not subscriber.notify_on_reply


def test_unsubscribing_twice_says_you_were_already_unsubscribed(client, subscriber):
    client.post(unsubscribe_path(subscriber))
    response = client.post(unsubscribe_path(subscriber))
    assert response.status_code == 200
    assert b"You were already unsubscribed." in response.content


def test_after_unsubscribing_no_reply_email_is_sent(
    client, subscriber, reply_to, approve, mailoutbox
):
    client.post(unsubscribe_path(subscriber))
    approve(reply_to(subscriber))
    assert mailoutbox == []


# The status page's block.


def status_page(client, comment):
    return client.get(status_url(comment))


def test_the_status_page_says_reply_emails_are_on_and_offers_to_stop_them(client, subscriber):
    response = status_page(client, subscriber)
    assert b"Emails about replies" in response.content
    assert b"Stop emails about replies" in response.content
    action = re.search(
        rb'class="reply-emails__form" method="post" action="([^"]+)"', response.content
    )
    assert action.group(1).decode() == f"{status_url(subscriber)}reply-emails/"


def test_stopping_reply_emails_from_the_status_page(client, subscriber):
    response = client.post(f"{status_url(subscriber)}reply-emails/", {"reply_emails": "off"})
    assert response.status_code == 302
    assert response["Location"] == f"{status_url(subscriber)}#reply-emails"
    subscriber.refresh_from_db()
    assert not subscriber.notify_on_reply


def test_asking_again_from_the_status_page_sends_a_new_confirmation(
    client, subscriber, mailoutbox, django_capture_on_commit_callbacks
):
    Comment.objects.filter(pk=subscriber.pk).update(notify_on_reply=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{status_url(subscriber)}reply-emails/", {"reply_emails": "on"})
    subscriber.refresh_from_db()
    assert subscriber.notify_on_reply and subscriber.reply_notify_confirmed_at is None
    [email] = mailoutbox
    assert email.subject == "Please confirm: emails about replies"
    assert b"Waiting for your confirmation." in status_page(client, subscriber).content


def test_the_status_pages_switch_needs_the_status_link(client, subscriber):
    response = client.post(
        f"/comments/{subscriber.pk}/status/{'0' * 32}/reply-emails/", {"reply_emails": "off"}
    )
    assert response.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.notify_on_reply
