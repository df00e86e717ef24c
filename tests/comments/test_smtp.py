"""Reply emails through a real SMTP server (aiosmtpd, on this machine), read as a mail client
reads them: a poster subscribes and confirms, a moderator approves a reply, and the links of
the email that arrives work."""

import re
import socket
from email import message_from_bytes, policy
from email.utils import parseaddr

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.test import Client

from comments.models import Comment
from comments.services import comment_create, comment_set_status


class Mailbox:
    """An aiosmtpd handler keeping every message it is sent, as bytes."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 Message accepted for delivery"

    def read(self, to):
        """The messages received for the address `to`, parsed as a mail client does."""
        messages = [message_from_bytes(raw, policy=policy.default) for raw in self.messages]
        return [message for message in messages if parseaddr(message["To"])[1] == to]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox(settings):
    """A real SMTP server on a free port of 127.0.0.1, which Django's SMTP backend sends to."""
    handler = Mailbox()
    server = Controller(handler, hostname="127.0.0.1", port=free_port())
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    server.stop()


def site_links(message):
    """The paths of the site's addresses in a message's text."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    return [url.removeprefix(settings.SITE_URL) for url in re.findall(r"https?://\S+", text)]


def test_a_reply_email_arrives_by_smtp_with_working_links_and_one_click_unsubscribe(
    mailbox, client, article, moderator, django_capture_on_commit_callbacks
):
    fields = {
        "author_name": "Ann Lee",
        "author_email": "ann@example.com",
        "body": "It started in my left eyelid.",
        "notify_on_reply": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        ann = comment_create(article=article, data=fields)
    [confirmation] = mailbox.read(to="ann@example.com")
    [confirm_path] = site_links(confirmation)
    assert client.post(confirm_path).status_code == 200

    reply = Comment.objects.create(
        article=article,
        parent=ann,
        author_name="Ben",
        author_email="ben@example.com",
        body="Ask your neurologist about botulinum toxin.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment_set_status(
            Comment.objects.filter(pk__in=[ann.pk, reply.pk]), status="approved", by=moderator
        )

    confirmation, message = mailbox.read(to="ann@example.com")
    assert parseaddr(message["From"]) == parseaddr(settings.COMMENTS_EMAIL_FROM)
    assert message["Subject"] == "New reply to your comment"
    unsubscribe = message["List-Unsubscribe"].strip().removeprefix("<").removesuffix(">")
    assert unsubscribe.startswith(f"{settings.SITE_URL}/comments/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    reply_path, status_path, unsubscribe_path = site_links(message)
    assert unsubscribe == f"{settings.SITE_URL}{unsubscribe_path}"
    assert client.get(reply_path).status_code == 302  # the reply's lasting address
    assert client.get(status_path).status_code == 200

    # The mail provider's one-click POST: no cookie, no Origin, no form token.
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    ann.refresh_from_db()
    assert not ann.notify_on_reply
