"""Somebody is told: each moderator chooses an email per waiting comment (the default), a daily
digest or nothing, on their own page of the admin; while no moderator has an email address,
every admin page says so."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from comments.digest import send_digests
from comments.models import Comment, ModeratorPreference
from comments.services import comment_create

NOTIFICATIONS = "/admin/notifications/"
BANNER = "No one is told when comments wait"


@pytest.fixture
def make_moderator(django_user_model):
    """A staff member of the Moderators group, with the given notification choice (no
    ModeratorPreference row when None)."""

    def make(name, *, email=None, notify=None):
        user = django_user_model.objects.create_user(
            name, f"{name}@example.com" if email is None else email, is_staff=True
        )
        user.groups.add(Group.objects.get(name="Moderators"))
        if notify:
            ModeratorPreference.objects.create(user=user, notify=notify)
        return user

    return make


@pytest.fixture
def post_waiting(article, django_capture_on_commit_callbacks):
    """Store a comment that waits for a moderator, running the emails it queues."""

    def post(body="My left eye started twitching last spring."):
        with django_capture_on_commit_callbacks(execute=True):
            comment = comment_create(
                article=article,
                data={"author_name": "Maria", "author_email": "maria@example.com", "body": body},
            )
        assert comment.status == Comment.Status.PENDING
        return comment

    return post


# An email for each waiting comment


def test_a_moderator_who_chose_nothing_gets_an_email_for_each_waiting_comment(
    make_moderator, post_waiting, mailoutbox
):
    make_moderator("grace")
    post_waiting()
    assert [email.to for email in mailoutbox] == [["grace@example.com"]]


def test_a_moderator_who_chose_the_digest_gets_no_email_per_comment(
    make_moderator, post_waiting, mailoutbox
):
    make_moderator("grace", notify=ModeratorPreference.Notify.DIGEST)
    make_moderator("ivan", notify=ModeratorPreference.Notify.EACH)
    post_waiting()
    assert [email.to for email in mailoutbox] == [["ivan@example.com"]]


def test_a_moderator_who_chose_no_emails_gets_none(make_moderator, post_waiting, mailoutbox):
    make_moderator("grace", notify=ModeratorPreference.Notify.NONE)
    post_waiting()
    assert mailoutbox == []


def test_the_listed_addresses_get_each_email_whatever_moderators_chose(
    make_moderator, post_waiting, mailoutbox, settings
):
    settings.COMMENTS_MODERATOR_EMAILS = ["mods@example.org"]
    make_moderator("grace", notify=ModeratorPreference.Notify.DIGEST)
    post_waiting()
    assert [email.to for email in mailoutbox] == [["mods@example.org"]]


# The daily digest


def test_the_digest_lists_each_waiting_comment_with_its_admin_page(
    make_moderator, make_comment, article, mailoutbox, settings
):
    make_moderator("grace", notify=ModeratorPreference.Notify.DIGEST)
    first = make_comment(article, body="Botox helped me.", status=Comment.Status.PENDING)
    second = make_comment(article, body="Mine started at 40.", status=Comment.Status.PENDING)
    assert send_digests() == 1
    [email] = mailoutbox
    assert email.to == ["grace@example.com"]
    assert "Botox helped me." in email.body and "Mine started at 40." in email.body
    for comment in (first, second):
        assert f"{settings.SITE_URL}/admin/comments/comment/{comment.pk}/change/" in email.body
    assert f"{settings.SITE_URL}/admin/comments/comment/queue/" in email.body
    assert f"{settings.SITE_URL}{NOTIFICATIONS}" in email.body


def test_the_digest_subject_only_counts_the_comments(
    make_moderator, make_comment, article, mailoutbox
):
    make_moderator("grace", notify=ModeratorPreference.Notify.DIGEST)
    for _ in range(3):
        make_comment(article, author_name="Tracy Perkins", status=Comment.Status.PENDING)
    send_digests()
    assert mailoutbox[0].subject == "3 comments waiting"


def test_the_digest_lists_the_riskiest_comments_first(
    make_moderator, make_comment, article, mailoutbox
):
    make_moderator("grace", notify=ModeratorPreference.Notify.DIGEST)
    make_comment(article, body="An older, ordinary comment.", status=Comment.Status.PENDING)
    make_comment(article, body="I can't go on.", status=Comment.Status.PENDING, risk=3)
    send_digests()
    body = mailoutbox[0].body
    assert body.index("I can't go on.") < body.index("An older, ordinary comment.")


def test_the_digest_goes_only_to_moderators_who_chose_it(
    make_moderator, make_comment, article, mailoutbox
):
    make_moderator("grace")
    make_moderator("ivan", notify=ModeratorPreference.Notify.EACH)
    make_moderator("lena", notify=ModeratorPreference.Notify.NONE)
    make_comment(article, status=Comment.Status.PENDING)
    assert send_digests() == 0
    assert mailoutbox == []


def test_a_second_digest_on_the_same_day_sends_nothing(
    make_moderator, make_comment, article, mailoutbox
):
    grace = make_moderator("grace", notify=ModeratorPreference.Notify.DIGEST)
    make_comment(article, status=Comment.Status.PENDING)
    morning = timezone.localtime().replace(hour=7, minute=30)
    send_digests(now=morning)
    assert send_digests(now=morning + timedelta(hours=3)) == 0
    assert len(mailoutbox) == 1
    assert ModeratorPreference.objects.get(user=grace).last_digest_at == morning


def test_the_next_day_brings_the_next_digest(make_moderator, make_comment, article, mailoutbox):
    make_moderator("grace", notify=ModeratorPreference.Notify.DIGEST)
    make_comment(article, status=Comment.Status.PENDING)
    morning = timezone.localtime().replace(hour=7, minute=30)
    send_digests(now=morning)
    assert send_digests(now=morning + timedelta(days=1)) == 1
    assert len(mailoutbox) == 2


def test_no_digest_when_nothing_waits(make_moderator, article, make_comment, mailoutbox):
    grace = make_moderator("grace", notify=ModeratorPreference.Notify.DIGEST)
    make_comment(article)
    assert send_digests() == 0
    assert mailoutbox == []
    assert ModeratorPreference.objects.get(user=grace).last_digest_at is None


def test_a_digest_the_mail_server_refused_is_sent_by_the_next_run(
    make_moderator, make_comment, article, settings, mailoutbox
):
    grace = make_moderator("grace", notify=ModeratorPreference.Notify.DIGEST)
    make_comment(article, status=Comment.Status.PENDING)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    assert send_digests() == 0
    assert ModeratorPreference.objects.get(user=grace).last_digest_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_digests() == 1


def test_the_digest_command_says_how_many_went(make_moderator, make_comment, article, capsys):
    make_moderator("grace", notify=ModeratorPreference.Notify.DIGEST)
    make_comment(article, status=Comment.Status.PENDING)
    call_command("send_moderation_digest")
    assert capsys.readouterr().out == "Sent 1 moderation digest.\n"


# The moderator's own page


@pytest.fixture
def grace_client(client, make_moderator):
    client.force_login(make_moderator("grace"))
    return client


def test_the_notifications_page_starts_on_an_email_for_each_comment(grace_client):
    page = grace_client.get(NOTIFICATIONS).text
    assert re.search(r'<input type="radio" name="notify" value="each"[^>]* checked>', page)
    assert 'value="grace@example.com"' in page


def test_a_moderator_chooses_the_digest_and_a_new_address(grace_client, django_user_model):
    response = grace_client.post(
        NOTIFICATIONS, {"email": "grace@clinic.example", "notify": "digest"}, follow=True
    )
    assert "Your notification settings are saved." in response.text
    grace = django_user_model.objects.get(username="grace")
    assert grace.email == "grace@clinic.example"
    assert grace.moderator_preference.notify == ModeratorPreference.Notify.DIGEST


def test_a_wrong_address_is_refused_and_nothing_is_saved(grace_client, django_user_model):
    response = grace_client.post(NOTIFICATIONS, {"email": "not an address", "notify": "none"})
    assert "Enter a valid email address." in response.text
    assert django_user_model.objects.get(username="grace").email == "grace@example.com"
    assert not ModeratorPreference.objects.exists()


def test_staff_who_may_not_moderate_cannot_open_the_page(client, django_user_model):
    editor = django_user_model.objects.create_user("ed", "ed@example.com", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(NOTIFICATIONS).status_code == 403
    assert NOTIFICATIONS not in client.get("/admin/").text


def test_the_page_is_linked_from_every_admin_page(grace_client):
    assert f'href="{NOTIFICATIONS}"' in grace_client.get("/admin/comments/comment/").text


def test_the_page_needs_a_signed_in_session(client, db):
    response = client.get(NOTIFICATIONS)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# The banner


def test_every_admin_page_warns_while_no_moderator_has_an_email_address(client, make_moderator):
    client.force_login(make_moderator("grace", email=""))
    for url in ["/admin/", "/admin/comments/comment/", NOTIFICATIONS]:
        page = client.get(url).text
        assert BANNER in page
        assert f'<a href="{NOTIFICATIONS}">Set yours</a>' in page


def test_the_warning_goes_once_a_moderator_has_an_address(client, make_moderator):
    client.force_login(make_moderator("grace", email=""))
    make_moderator("ivan")
    assert BANNER not in client.get("/admin/").text


def test_no_warning_when_the_site_lists_addresses_to_tell(client, make_moderator, settings):
    settings.COMMENTS_MODERATOR_EMAILS = ["mods@example.org"]
    client.force_login(make_moderator("grace", email=""))
    assert BANNER not in client.get("/admin/").text


def test_the_warning_counts_only_active_moderators(client, make_moderator):
    client.force_login(make_moderator("grace", email=""))
    gone = make_moderator("ivan")
    gone.is_active = False
    gone.save()
    assert BANNER in client.get("/admin/").text


def test_the_warning_is_shown_to_those_who_can_fix_it(client, django_user_model):
    editor = django_user_model.objects.create_user("ed", "", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert BANNER not in client.get("/admin/").text
