"""The moderators' admin pages stay usable at 100,000 comments: their queries do not grow with
the comments (no query per row, no second count of every comment), and an article's page
lists a bounded number of its comments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.admin import INLINE_COMMENTS
from comments.models import Comment, CommentReport
from tests.comments.test_admin import form_data

LIST = "/admin/comments/comment/"


@pytest.fixture
def add_comments(article):
    """Add `count` comments to the article, every fifth pending, a few reported and replied to."""

    def add(count):
        now = timezone.now()
        comments = Comment.objects.bulk_create(
            Comment(
                article=article,
                author_name=f"Reader {number}",
                author_email=f"reader{number}@example.com",
                body=f"Botox helped me, number {number}.",
                status="pending" if number % 5 == 0 else "approved",
                created_at=now - timezone.timedelta(minutes=number),
            )
            for number in range(count)
        )
        for comment in comments[:3]:
            CommentReport.objects.create(comment=comment, reason="other", reporter=comment.pk)
            Comment.objects.create(article=article, parent=comment, author_name="A", body="Yes.")
        return comments

    return add


def queries(client, address):
    """The page's queries, once what Django reads on a first request (content types) is read."""
    client.get(address)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return [query["sql"] for query in captured]


@pytest.mark.parametrize(
    "address",
    [
        LIST,
        f"{LIST}?status__exact=pending",
        f"{LIST}?status__exact=approved&q=botox",
        f"{LIST}?p=2",
        f"{LIST}queue/",
        "/admin/comments/commentnote/",
    ],
)
def test_comment_admin_lists_cost_as_many_queries_for_many_comments_as_for_a_few(
    moderator_client, add_comments, address
):
    """A page of 50 rows reads each row's article and reports in the list's own query."""
    add_comments(10)
    few = queries(moderator_client, address)
    add_comments(200)
    assert len(queries(moderator_client, address)) == len(few)


def test_article_admin_page_costs_as_many_queries_for_many_comments_as_for_a_few(
    moderator_client, article, add_comments
):
    """The inline's rows read their article with the rest (each row's title names it)."""
    address = f"/admin/articles/article/{article.pk}/change/"
    add_comments(3)
    few = queries(moderator_client, address)
    add_comments(200)
    assert len(queries(moderator_client, address)) == len(few)


def test_filtered_comment_list_counts_only_the_comments_listed(moderator_client, add_comments):
    add_comments(10)
    sql = queries(moderator_client, f"{LIST}?status__exact=pending")
    counts = [query for query in sql if query.startswith('SELECT COUNT(*) AS "__count"')]
    assert len(counts) == 1
    assert "WHERE" in counts[0]


def test_article_admin_page_lists_its_first_comments_pending_first(
    moderator_client, article, add_comments
):
    add_comments(INLINE_COMMENTS + 20)
    page = moderator_client.get(f"/admin/articles/article/{article.pk}/change/")
    inline = next(f for f in page.context["inline_admin_formsets"] if f.opts.model is Comment)
    shown = [form.instance for form in inline.formset.forms]
    assert len(shown) == INLINE_COMMENTS
    pending = Comment.objects.filter(article=article, status="pending").count()
    assert [comment.status for comment in shown[:pending]] == ["pending"] * pending
    assert shown[pending].created_at == max(
        comment.created_at for comment in Comment.objects.filter(status="approved")
    )


def test_article_inline_saves_its_rows_after_new_comments_moved_them(
    moderator_client, article, add_comments, make_comment
):
    """The posted rows are the comments they were made from, though newer pending comments
    now come before them."""
    add_comments(INLINE_COMMENTS)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(moderator_client.get(url).text, form_id="article_form")
    last = Comment.objects.get(pk=data[f"comments-{INLINE_COMMENTS - 1}-id"])
    for _ in range(3):
        make_comment(article, status="pending")
    data[f"comments-{INLINE_COMMENTS - 1}-status"] = "removed"

    assert moderator_client.post(url, data).status_code == 302
    last.refresh_from_db()
    assert last.status == "removed"
