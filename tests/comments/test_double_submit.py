"""The same post sent twice (a double click, a resend, a replayed form) stores one comment, and
its poster is sent to that comment each time."""

import sqlite3
import threading
import time

import pytest
from django.utils import timezone

from comments.forms import form_timestamp
from comments.models import Comment
from comments.services import DUPLICATE_WINDOW


def post_url(article):
    return f"/articles/{article.slug}/comments/"


def test_the_same_post_sent_twice_stores_one_comment(client, article, comment_data):
    client.post(post_url(article), comment_data)
    client.post(post_url(article), comment_data)
    assert Comment.objects.filter(article=article).count() == 1


def test_the_second_send_leads_to_the_comment_stored_by_the_first(client, article, comment_data):
    first = client.post(post_url(article), comment_data)
    second = client.post(post_url(article), comment_data, follow=True)
    assert second.redirect_chain[0][0] == first["Location"]
    assert "Your comment is awaiting moderation" in second.text


def test_the_second_send_from_another_session_still_sees_the_comment(client, article, comment_data):
    """A resend after the session cookie was lost (private window, cookie refused)."""
    from django.test import Client

    client.post(post_url(article), comment_data)
    response = Client().post(post_url(article), comment_data, follow=True)
    assert "My left eye started twitching" in response.text
    assert Comment.objects.filter(article=article).count() == 1


def test_a_replayed_form_stores_nothing_new_even_after_the_window(client, article, comment_data):
    """The form's signed timestamp says when it was shown: an identical comment stored since
    then came from this very form."""
    comment_data["timestamp"] = form_timestamp(time.time() - 3 * DUPLICATE_WINDOW.total_seconds())
    client.post(post_url(article), comment_data)
    Comment.objects.update(created_at=timezone.now() - 2 * DUPLICATE_WINDOW)
    client.post(post_url(article), comment_data)
    assert Comment.objects.filter(article=article).count() == 1


def test_the_same_words_from_a_fresh_form_later_are_a_new_comment(client, article, comment_data):
    client.post(post_url(article), comment_data)
    Comment.objects.update(created_at=timezone.now() - 2 * DUPLICATE_WINDOW)
    client.post(post_url(article), {**comment_data, "timestamp": form_timestamp(time.time() - 60)})
    assert Comment.objects.filter(article=article).count() == 2


def test_the_same_words_from_another_email_are_a_new_comment(client, article, comment_data):
    client.post(post_url(article), comment_data)
    client.post(post_url(article), {**comment_data, "author_email": "other@example.com"})
    assert Comment.objects.filter(article=article).count() == 2


def test_the_same_words_under_another_comment_are_a_new_reply(
    client, article, comment_data, make_comment
):
    first, second = make_comment(article), make_comment(article)
    client.post(post_url(article), {**comment_data, "parent": first.pk})
    client.post(post_url(article), {**comment_data, "parent": second.pk})
    assert Comment.objects.filter(article=article, author_name="Maria").count() == 2


def test_a_double_send_emails_the_moderators_once(
    client, article, comment_data, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.COMMENTS_MODERATOR_EMAILS = ["mods@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(post_url(article), comment_data)
        client.post(post_url(article), comment_data)
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_identical_posts_at_the_same_moment_store_one_comment(tmp_path, collected_static):
    """Two browser tabs of one reader post the same form at once to a real gunicorn."""
    from tests.servers import Browser, gunicorn, manage, site_env

    env = site_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        COMMENTS_RATE_LIMIT="0",
        COMMENTS_MIN_SECONDS="0",
        DJANGO_SECRET_KEY_FILE=str(tmp_path / "secret"),
    )
    manage("migrate", "--noinput", env=env)
    with gunicorn(env, workers=2, log_dir=tmp_path) as url:
        article = f"{url}/articles/hemifacial-spasm/"
        reader = Browser()
        data = {
            **reader.comment_form(article),
            "author_name": "Twin",
            "author_email": "twins@example.com",
            "body": "Sent twice at the same moment.",
        }
        start = threading.Barrier(2)
        statuses = []

        def post():
            start.wait(timeout=30)
            statuses.append(reader.post(f"{article}comments/", data, referer=article)[0])

        posters = [threading.Thread(target=post) for _ in range(2)]
        for poster in posters:
            poster.start()
        for poster in posters:
            poster.join(timeout=60)
    with sqlite3.connect(tmp_path / "site.sqlite3") as database:
        query = "SELECT count(*) FROM comments_comment WHERE body = ?"
        (stored,) = database.execute(query, [data["body"]]).fetchone()
    assert statuses == [302, 302]
    assert stored == 1
    assert "Traceback" not in "".join(p.read_text() for p in tmp_path.glob("gunicorn-*.log"))
