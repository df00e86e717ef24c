"""Readers answering readers: the Reply link (no JavaScript needed), the parent the form
carries, the replies it refuses, the tree and its depth rule."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from comments.forms import REPLY_REFUSED_MESSAGE
from comments.listing import as_threads
from comments.models import Comment
from comments.services import comment_create, comment_reply_as_site, reply_parent


def post_url(article):
    return f"/articles/{article.slug}/comments/"


def shown_under(html, pk):
    """The id of the comment whose item holds comment `pk`'s item on the page (None: top)."""

    class Items(HTMLParser):
        def __init__(self):
            super().__init__()
            self.open, self.found = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "li":
                self.open.append(dict(attrs).get("id"))
                if self.open[-1] == f"comment-{pk}":
                    self.found = self.open[-2] if len(self.open) > 1 else None

        def handle_endtag(self, tag):
            if tag == "li":
                self.open.pop()

    items = Items()
    items.feed(html[html.index('id="comments"') :])
    return items.found


@pytest.fixture
def thread(article, make_comment):
    """A conversation three levels deep: a comment, a reply, a reply to the reply."""
    top = make_comment(article, author_name="Top Tess", body="Level one.")
    middle = make_comment(article, parent=top, author_name="Middle Max", body="Level two.")
    bottom = make_comment(article, parent=middle, author_name="Bottom Bea", body="Level three.")
    return top, middle, bottom


# The tree


def test_tree_puts_replies_under_their_parent_oldest_first(article, make_comment):
    first = make_comment(article, body="First")
    second = make_comment(article, body="Second")
    reply = make_comment(article, parent=first, body="Reply to first")
    answer = make_comment(article, parent=reply, body="Answer to the reply")
    later_reply = make_comment(article, parent=first, body="Later reply")
    threads = as_threads(Comment.objects.filter(article=article))
    assert threads == [first, second]
    assert threads[0].thread_replies == [reply, later_reply]
    assert threads[0].thread_replies[0].thread_replies == [answer]
    assert threads[1].thread_replies == []


def test_tree_leaves_out_a_reply_whose_parent_is_not_in_it(article, make_comment):
    hidden = make_comment(article, status=Comment.Status.REMOVED)
    make_comment(article, parent=hidden, body="Orphan")
    shown = make_comment(article)
    assert as_threads(Comment.objects.filter(article=article).exclude(pk=hidden.pk)) == [shown]


def test_reply_to_a_comment_above_the_deepest_level_goes_under_it(thread):
    top, middle, _ = thread
    assert reply_parent(top) == top
    assert reply_parent(middle) == middle


def test_reply_to_a_comment_at_the_deepest_level_goes_beside_it(thread):
    _, middle, bottom = thread
    assert reply_parent(bottom) == middle


def test_stored_reply_to_the_deepest_level_stays_at_that_level(article, thread):
    _, middle, bottom = thread
    data = {"author_name": "Dee", "author_email": "dee@example.com", "body": "Level four?"}
    reply = comment_create(article=article, data=data, parent=bottom)
    assert reply.parent == middle


def test_site_reply_to_the_deepest_level_stays_at_that_level(thread, moderator):
    _, middle, bottom = thread
    reply = comment_reply_as_site(parent=bottom, body="Thanks.", author_name="Site", by=moderator)
    assert reply.parent == middle


# The Reply link, without JavaScript


def test_each_approved_comment_has_a_reply_link_that_needs_no_javascript(client, article, thread):
    top, _, _ = thread
    text = client.get(article.get_absolute_url()).text
    link = f'href="{article.get_absolute_url()}?replytocom={top.pk}#comment-form" rel="nofollow"'
    assert link in text


def test_a_pending_comment_has_no_reply_link(client, article, comment_data):
    client.post(post_url(article), comment_data)
    pending = Comment.objects.get(article=article)
    assert f"replytocom={pending.pk}" not in client.get(article.get_absolute_url()).text


def test_closed_article_has_no_reply_links(client, make_article, make_comment):
    article = make_article(comments_enabled=False)
    make_comment(article)
    assert "replytocom" not in client.get(article.get_absolute_url()).text


def test_reply_link_shows_the_form_set_to_answer_that_comment(client, article, thread):
    top, _, _ = thread
    response = client.get(f"{article.get_absolute_url()}?replytocom={top.pk}")
    assert f'<input type="hidden" name="parent" value="{top.pk}">' in response.text
    assert "Replying to <strong" in response.text
    assert ">Top Tess</strong> · <a" in response.text
    assert f'href="{article.get_absolute_url()}#comment-form">cancel</a>' in response.text


def test_without_a_reply_link_the_form_has_an_empty_parent(client, article, thread):
    text = client.get(article.get_absolute_url()).text
    assert '<input type="hidden" name="parent" value="">' in text
    assert '<p class="comment-form__replying" hidden>' in text


@pytest.mark.parametrize("value", ["abc", "0", "-1", "999999", "9" * 50])
def test_reply_link_to_no_comment_on_the_page_shows_a_plain_form(client, article, thread, value):
    response = client.get(f"{article.get_absolute_url()}?replytocom={value}")
    assert response.status_code == 200
    assert '<input type="hidden" name="parent" value="">' in response.text


def test_reply_is_stored_under_its_parent_and_shown_there_to_its_poster(
    client, article, thread, comment_data
):
    top, _, _ = thread
    response = client.post(post_url(article), {**comment_data, "parent": top.pk}, follow=True)
    reply = Comment.objects.get(article=article, author_name="Maria")
    assert reply.parent == top
    assert reply.status == Comment.Status.PENDING
    assert shown_under(response.text, reply.pk) == f"comment-{top.pk}"


def test_form_with_another_error_stays_set_to_reply(client, article, thread, comment_data):
    top, _, _ = thread
    response = client.post(post_url(article), {**comment_data, "parent": top.pk, "body": ""})
    assert f'<input type="hidden" name="parent" value="{top.pk}">' in response.text
    assert ">Top Tess</strong>" in response.text


# Replies the form refuses


@pytest.fixture
def refused_reply(client, article, comment_data):
    """Post the valid comment as a reply to `parent`; returns the response."""

    def post(parent):
        return client.post(post_url(article), {**comment_data, "parent": parent})

    return post


def assert_refused_with_text_kept(response, article):
    assert response.status_code == 200
    assert REPLY_REFUSED_MESSAGE in response.text
    assert "My left eye started twitching last spring." in response.text
    assert '<input type="hidden" name="parent" value="">' in response.text
    assert not Comment.objects.filter(article=article, author_name="Maria").exists()


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_reply_to_a_comment_readers_do_not_see_is_refused(
    refused_reply, article, make_comment, status
):
    parent = make_comment(article, status=status)
    assert_refused_with_text_kept(refused_reply(parent.pk), article)


def test_reply_to_a_comment_under_a_removed_one_is_refused(refused_reply, article, thread):
    top, middle, _ = thread
    Comment.objects.filter(pk=top.pk).update(status=Comment.Status.REMOVED)
    assert_refused_with_text_kept(refused_reply(middle.pk), article)


def test_reply_to_a_comment_on_another_article_is_refused(
    refused_reply, article, make_article, make_comment
):
    elsewhere = make_comment(make_article())
    assert_refused_with_text_kept(refused_reply(elsewhere.pk), article)


@pytest.mark.parametrize(
    "value", ["999999", "abc", "-1", "1.5", "1e3", " 1 2", "9" * 40, "\u0661", "0x1"]
)
def test_reply_to_a_missing_or_garbled_parent_is_refused(refused_reply, article, value):
    assert_refused_with_text_kept(refused_reply(value), article)


def test_refused_reply_can_be_posted_again_as_a_comment_of_its_own(
    client, article, comment_data, make_comment
):
    pending = make_comment(article, status=Comment.Status.PENDING)
    client.post(post_url(article), {**comment_data, "parent": pending.pk})
    response = client.post(post_url(article), {**comment_data, "parent": ""})
    assert response.status_code == 302
    assert Comment.objects.get(article=article, author_name="Maria").parent is None


def test_other_readers_do_not_see_a_pending_reply(client, article, thread, comment_data):
    top, _, _ = thread
    client.post(post_url(article), {**comment_data, "parent": top.pk})
    assert "My left eye started twitching" not in Client().get(article.get_absolute_url()).text
