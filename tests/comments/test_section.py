"""The comment section under an article: replies under their parent, the site team's badge,
and a fixed number of queries however deep the conversation."""

import re

from django.test import Client

from comments.models import Comment
from comments.services import comment_reply_as_site


def test_site_reply_is_shown_under_its_parent_with_a_site_team_badge(
    client, article, make_comment, moderator
):
    parent = make_comment(article, body="Does surgery help?")
    make_comment(article, body="A later comment.")
    comment_reply_as_site(parent=parent, body="Often, yes.", author_name="Editors", by=moderator)
    page = client.get(article.get_absolute_url()).text
    text = page[page.index('id="comments"') :]
    parent_at, reply_at, later_at = (
        text.index(body) for body in ["Does surgery help?", "Often, yes.", "A later comment."]
    )
    assert parent_at < reply_at < later_at
    replies = text[text.index('<ol class="comment-list comment-list--replies"') :]
    assert replies.index("Often, yes.") < replies.index("</ol>")
    assert '<span class="comment__badge">Site team</span>' in replies


def test_reply_under_a_comment_later_removed_is_hidden_with_it(article, make_comment, moderator):
    parent = make_comment(article)
    comment_reply_as_site(parent=parent, body="Hidden reply.", author_name="Site", by=moderator)
    Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.REMOVED)
    text = Client().get(article.get_absolute_url()).text
    assert "Hidden reply." not in text
    assert "0 comments" in text


def test_comment_count_includes_replies(client, article, make_comment, moderator):
    parent = make_comment(article)
    comment_reply_as_site(parent=parent, body="Reply.", author_name="Site", by=moderator)
    assert "2 comments" in client.get(article.get_absolute_url()).text


def test_section_with_replies_uses_a_fixed_number_of_queries(
    client, article, make_comment, moderator, django_assert_max_num_queries
):
    """Replies come from the same single query as the comments: the tree is built in Python."""
    for index in range(10):
        parent = make_comment(article, body=f"Comment {index}")
        reply = comment_reply_as_site(parent=parent, body="Reply", author_name="S", by=moderator)
        make_comment(article, parent=reply, body=f"Answer {index}")
    with django_assert_max_num_queries(4):
        response = client.get(article.get_absolute_url())
    assert len(re.findall(r'class="comment(?: comment--site)?"', response.text)) == 30


def test_form_says_how_the_email_address_is_used(client, article):
    text = client.get(article.get_absolute_url()).text
    assert "Never published. Used to recognise you when you comment again" in text
