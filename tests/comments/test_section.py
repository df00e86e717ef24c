"""The comment section under an article: replies under their parent, the site team's badge,
and a fixed number of queries however deep the conversation."""

import re

import pytest
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


def form_of(page):
    start = page.rindex("<form", 0, page.index('id="comment-form"'))
    return page[start : page.index("</form>", start) + 7]


def test_blank_form_kept_per_process_still_gets_each_response_its_own_values(
    make_article, make_comment, settings
):
    settings.COMMENTS_PAGE_CACHE = 0
    settings.COMMENTS_PER_PAGE = 1
    first, second = make_article(), make_article()
    make_comment(first)
    make_comment(first)
    forms = [form_of(Client().get(first.get_absolute_url()).text) for _ in range(2)]
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', f)[1] for f in forms]
    stamps = [re.search(r'name="timestamp" value="([^"]+)"', f)[1] for f in forms]
    assert tokens[0] != tokens[1] and "slot-" not in tokens[0] + tokens[1]
    assert "slot-" not in stamps[0] + stamps[1]
    assert f'action="{first.get_absolute_url()}comments/"' in forms[0]
    other = form_of(Client().get(second.get_absolute_url()).text)
    assert f'action="{second.get_absolute_url()}comments/"' in other
    # The "cancel" link of the replying note is the page's own address.
    page_two = form_of(Client().get(f"{first.get_absolute_url()}?page=2").text)
    assert f'href="{first.get_absolute_url()}?page=2#comment-form"' in page_two
    assert f'href="{first.get_absolute_url()}#comment-form"' in forms[0]


def test_form_set_to_reply_is_not_the_kept_blank_form(client, article, make_comment):
    comment = make_comment(article, author_name="Robin")
    client.get(article.get_absolute_url())
    page = client.get(f"{article.get_absolute_url()}?replytocom={comment.pk}").text
    assert f'name="parent" value="{comment.pk}"' in form_of(page)
    assert 'name="parent" value=""' in form_of(client.get(article.get_absolute_url()).text)


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_comment_time_reads_as_the_date_filters_did_in_any_time_zone(zone):
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from django.template import Context, Template
    from django.utils import timezone

    from comments.templatetags.comments import comment_time

    filters = Template(
        """<time datetime="{{ c.created_at|date:'c' }}">On {{ c.created_at|date:"F j, Y" }}"""
        """ at {{ c.created_at|date:"g:i" }} {{ c.created_at|date:"A"|lower }}</time>"""
    )
    moments = [datetime(2026, 5, 4, 15, 7, tzinfo=UTC), datetime(2026, 1, 1, 0, 30, tzinfo=UTC)]
    for moment in moments:
        comment = SimpleNamespace(created_at=moment)
        with timezone.override(zone):
            assert comment_time(comment) == filters.render(Context({"c": comment}))
