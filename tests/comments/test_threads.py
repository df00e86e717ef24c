"""A comment is never its own ancestor: the admin refuses a parent that is the comment itself,
one of its replies or another article's comment, the database refuses the first, and every walk
up a thread stops after MAX_DEPTH levels even on a row written past both."""

import signal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from comments.models import MAX_DEPTH, Comment
from comments.services import comment_create, reply_parent
from tests.comments.test_admin import form_data

CHANGELIST = "/admin/comments/comment/"


@pytest.fixture
def thread(article, make_comment):
    """A comment, its reply and the reply's reply: a thread MAX_DEPTH levels deep."""
    top = make_comment(article, body="Top.")
    middle = make_comment(article, body="Middle.", parent=top)
    bottom = make_comment(article, body="Bottom.", parent=middle)
    assert MAX_DEPTH == 3
    return top, middle, bottom


@pytest.fixture
def set_parent_in_admin(moderator_client):
    """Post a comment's admin form with another parent; returns the response."""

    def post(comment, parent):
        url = f"{CHANGELIST}{comment.pk}/change/"
        data = form_data(moderator_client.get(url).text, form_id="comment_form")
        data["parent"] = str(parent.pk)
        return moderator_client.post(url, data)

    return post


@pytest.fixture
def deadline():
    """Fail, instead of hanging, a test whose request still runs after a few seconds."""

    def expired(signum, frame):
        raise TimeoutError("still walking up the thread")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, 5)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def refused_beside_parent(response, message):
    assert response.status_code == 200  # the form again, nothing saved
    assert message in response.context["adminform"].form.errors["parent"]


def test_admin_refuses_a_comment_as_its_own_parent(set_parent_in_admin, thread):
    top, _, _ = thread
    response = set_parent_in_admin(top, top)
    refused_beside_parent(response, "A comment cannot answer itself.")
    top.refresh_from_db()
    assert top.parent is None


def test_admin_refuses_a_reply_of_the_comment_as_its_parent(set_parent_in_admin, thread):
    top, middle, _ = thread
    response = set_parent_in_admin(top, middle)
    refused_beside_parent(response, "A comment cannot answer one of its own replies.")
    top.refresh_from_db()
    assert top.parent is None


def test_admin_refuses_a_parent_on_another_article(
    set_parent_in_admin, thread, make_article, make_comment
):
    elsewhere = make_comment(make_article(), body="Elsewhere.")
    _, middle, _ = thread
    response = set_parent_in_admin(middle, elsewhere)
    refused_beside_parent(response, "The comment answered must be on the same article.")


def test_admin_refuses_a_parent_at_the_deepest_level(set_parent_in_admin, thread, make_comment):
    top, _, bottom = thread
    loose = make_comment(top.article, body="Loose.")
    response = set_parent_in_admin(loose, bottom)
    refused_beside_parent(
        response,
        "Conversations go 3 levels deep: that comment is at the deepest level. "
        "Choose the comment it answers.",
    )


def test_admin_still_accepts_a_sound_parent(set_parent_in_admin, thread, make_comment):
    top, _, _ = thread
    loose = make_comment(top.article, body="Loose.")
    assert set_parent_in_admin(loose, top).status_code == 302
    loose.refresh_from_db()
    assert loose.parent == top


def test_saving_a_comment_under_one_of_its_replies_is_refused(thread):
    """The model's save path refuses it too, for code that skips the form."""
    top, _, bottom = thread
    top.parent = bottom
    with pytest.raises(ValidationError):
        top.save()
    assert Comment.objects.get(pk=top.pk).parent is None


def test_the_database_refuses_a_comment_as_its_own_parent(thread):
    top, _, _ = thread
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=top.pk).update(parent=top)


@pytest.fixture
def looping(thread):
    """Top and middle each other's parent, written past every check as a corrupt row is."""
    top, middle, bottom = thread
    Comment.objects.filter(pk=top.pk).update(parent=middle)
    return top, middle, bottom


@pytest.mark.parametrize("which", [0, 1, 2])
def test_permalink_of_a_comment_in_a_loop_answers_at_once(client, looping, deadline, which):
    response = client.get(f"/comments/{looping[which].pk}/")
    assert response.status_code in (302, 404)


def test_permalink_of_a_comment_in_a_loop_answers_a_moderator_too(
    moderator_client, looping, deadline
):
    assert moderator_client.get(f"/comments/{looping[2].pk}/").status_code in (302, 404)


def test_a_reply_to_a_comment_in_a_loop_is_stored(looping, deadline):
    bottom = Comment.objects.get(pk=looping[2].pk)  # its parents as stored, not as made
    assert reply_parent(bottom) in looping
    data = {"author_name": "Maria", "author_email": "maria@example.com", "body": "Hi"}
    reply = comment_create(article=bottom.article, data=data, parent=bottom)
    assert reply.parent in looping
