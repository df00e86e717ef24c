"""The comment section under an article: replies under their parent, the site team's badge,
and a fixed number of queries however deep the conversation."""

import re

import pytest
from django.test import Client
from hypothesis import example, given, settings
from hypothesis import strategies as st

from comments.forms import FormTimestampField
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
    with django_assert_max_num_queries(7):
        response = client.get(article.get_absolute_url())
    assert len(re.findall(r'class="comment(?: comment--site)?"', response.text)) == 30


def test_form_says_how_the_email_address_is_used(client, article):
    text = client.get(article.get_absolute_url()).text
    assert "Never published. Used to recognise you when you comment again" in text


def form_of(page):
    start = page.rindex("<form", 0, page.index('id="comment-form"'))
    return page[start : page.index("</form>", start) + 7]


def test_each_pages_form_posts_to_its_article_and_cancels_to_its_page(
    make_article, make_comment, settings
):
    settings.COMMENTS_PER_PAGE = 1
    first, second = make_article(), make_article()
    make_comment(first)
    make_comment(first)
    form = form_of(Client().get(first.get_absolute_url()).text)
    assert f'action="{first.get_absolute_url()}comments/#comment-answer"' in form
    assert f'href="{first.get_absolute_url()}#comment-form"' in form
    other = form_of(Client().get(second.get_absolute_url()).text)
    assert f'action="{second.get_absolute_url()}comments/#comment-answer"' in other
    page_two = form_of(Client().get(f"{first.get_absolute_url()}?page=2").text)
    assert f'href="{first.get_absolute_url()}?page=2#comment-form"' in page_two


def test_the_forms_signed_time_is_when_the_page_was_built(client, article):
    """The page is kept and shared, so every reader of one copy gets the same form: the time
    it carries is the page's, and a post is timed from then (docs/architecture.md)."""
    pages = [form_of(client.get(article.get_absolute_url()).text) for _ in range(2)]
    stamps = [re.search(r'name="timestamp" value="([^"]+)"', page)[1] for page in pages]
    assert stamps[0] == stamps[1]
    assert 0 <= FormTimestampField().clean(stamps[0]) < 60


def test_comment_time_is_valid_html_for_a_time_with_microseconds():
    """The HTML time's datetime allows at most three decimals of a second; a new comment's
    time has six."""
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from comments.templatetags.comments import comment_time

    moment = datetime(2026, 11, 30, 3, 5, 25, 40784, tzinfo=UTC)
    assert 'datetime="2026-11-30T03:05:25+00:00"' in comment_time(
        SimpleNamespace(created_at=moment)
    )


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


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300))
@example("A story. With <b>tags</b> & \"quotes\" and 'apostrophes'.\n\nSecond paragraph.")
@example("e.g. 3.5 mg, i.e. dose.\nNew line")
@settings(max_examples=300, deadline=None)
def test_a_text_without_a_possible_link_renders_as_urlize_would(text):
    """comment_html skips urlize for texts it could find no link in: same HTML."""
    from django.utils.html import linebreaks, urlize

    from comments.templatetags.comments import MAYBE_LINK, comment_html

    if not MAYBE_LINK.search(text):
        assert comment_html(text) == linebreaks(urlize(text, trim_url_limit=60, autoescape=True))


@pytest.mark.parametrize(
    "text",
    [
        "See https://example.org/page.",
        "Visit www.example.com today",
        "Mail me at pat@example.com.",
        "example.com/path and (http://x.test)",
    ],
)
def test_a_text_with_a_link_gets_an_unfollowed_link(text):
    from comments.templatetags.comments import comment_html

    assert '<a rel="nofollow ugc noopener" href="' in comment_html(text)


def test_a_reply_signed_site_team_shows_the_words_once(client, article, make_comment, moderator):
    parent = make_comment(article)
    comment_reply_as_site(
        parent=parent, body="We read every one.", author_name="Site team", by=moderator
    )
    page = client.get(article.get_absolute_url()).text
    header = re.search(r'<li class="comment comment--site".*?</header>', page, re.S).group(0)
    assert header.count("Site team") == 1


def test_a_reply_signed_with_a_name_has_the_site_team_badge(
    client, article, make_comment, moderator
):
    parent = make_comment(article)
    comment_reply_as_site(parent=parent, body="Thank you.", author_name="Dana", by=moderator)
    assert (
        '<span class="comment__badge">Site team</span>'
        in client.get(article.get_absolute_url()).text
    )
