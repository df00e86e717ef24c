"""Emails wait for the response: a reader's page never waits for the mail server.

Tests run in a transaction that never commits, so django_capture_on_commit_callbacks stands
for the commit (execute=True runs the callbacks as a commit would)."""

import pytest
from django.core import mail
from django.core.signals import request_finished, request_started

from hfs_site.after_response import after_commit_and_response


@pytest.fixture
def done():
    return []


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_work_in_a_request_waits_until_the_response_is_sent(db, done, commit):
    request_started.send(sender=None)
    with commit():
        after_commit_and_response(lambda: done.append("sent"))
    assert done == []
    request_finished.send(sender=None)
    assert done == ["sent"]


def test_work_outside_a_request_runs_when_its_transaction_commits(db, done, commit):
    with commit():
        after_commit_and_response(lambda: done.append("sent"))
        assert done == []
    assert done == ["sent"]


def test_work_of_a_transaction_that_never_commits_never_runs(
    db, done, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        after_commit_and_response(lambda: done.append("sent"))
    request_finished.send(sender=None)
    assert done == []


def test_work_that_fails_is_logged_and_the_rest_still_runs(db, done, commit, caplog):
    request_started.send(sender=None)
    with commit():
        after_commit_and_response(lambda: 1 / 0)
        after_commit_and_response(lambda: done.append("sent"))
    request_finished.send(sender=None)
    assert done == ["sent"]
    assert "Work left for after the response failed" in caplog.text


def test_a_post_that_waits_emails_the_moderators(client, article, comment_data, settings, commit):
    settings.COMMENTS_MODERATOR_EMAILS = ["mods@example.org"]
    with commit():
        response = client.post(f"/articles/{article.slug}/comments/", comment_data)
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["mods@example.org"]]
