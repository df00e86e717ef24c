"""Leaving and coming back: a site exported as WXR (export_site) and imported into an empty one
(import_wordpress) has the same articles and comments, field by field."""

import datetime
import io

import pytest
from django.core.management import call_command

from articles.models import Article, Video
from comments.models import Comment
from comments.services import comment_withdraw
from portability.models import ImportedComment

HOSTILE = ']]> <script>alert(1)</script> & "quotes" 😀 ünïcode'
ARTICLE_FIELDS = (
    "title",
    "slug",
    "summary",
    "body",
    "language",
    "status",
    "published_at",
    "updated_at",
    "reviewed_at",
    "comments_enabled",
)
COMMENT_FIELDS = (
    "author_name",
    "author_email",
    "author_url",
    "body",
    "created_at",
    "status",
    "ip_address",
    "user_agent",
    "is_site_reply",
)


def moment(day, microsecond=0):
    return datetime.datetime(2015, 4, day, 13, 14, 15, microsecond, tzinfo=datetime.UTC)


@pytest.fixture
def site(settings, make_article, make_comment):
    """A site with nothing but these: a published article with videos and a three-level thread
    of comments of every status, and a draft in German closed to comments, reviewed, with one
    comment."""
    settings.SITE_URL = "https://hfs.example"
    settings.TIME_ZONE = "America/New_York"
    Article.objects.all().delete()
    article = make_article(
        title=f"Living with it: {HOSTILE}",
        slug="living-with-it",
        summary="What helps, & what does not.",
        body="Intro with a [link](https://example.org/?a=1&b=2).\r\n\r\n[video: clip]\n\n"
        "## After\n\n[video: gone]\n\nEnd.",
        published_at=moment(1, 123456),
    )
    Video.objects.create(
        article=article, key="clip", caption="A <case>", url="https://vimeo.com/123456"
    )
    Video.objects.create(
        article=article, key="gone", caption="Old", missing_note="Gone since 2012."
    )
    draft = make_article(
        title="Draft",
        slug="draft",
        summary="",
        status=Article.Status.DRAFT,
        published_at=moment(2),
        reviewed_at=datetime.date(2024, 5, 6),
        comments_enabled=False,
        language="de",
    )
    top = make_comment(
        article,
        author_name="Zoë",
        author_email="zoe@example.com",
        author_url="https://zoe.example/",
        body=f"First paragraph.\n\nSecond: {HOSTILE}",
        created_at=moment(3, 654321),
        ip_address="2001:db8::1",
        user_agent="Mozilla/5.0 (X11; Linux x86_64)",
    )
    reply = make_comment(
        article,
        parent=top,
        author_name="The site team",
        author_email="",
        body="Thank you.",
        created_at=moment(4),
        ip_address=None,
        is_site_reply=True,
    )
    make_comment(article, parent=reply, body="A reply to the reply.", created_at=moment(5))
    for day, status in enumerate(("pending", "spam", "removed"), start=6):
        make_comment(article, status=status, body=f"A {status} comment.", created_at=moment(day))
    make_comment(draft, body="On the draft.", created_at=moment(9), status="pending")
    # Saving dates the text now; the site's own dates are older, to the microsecond.
    Article.objects.filter(pk=article.pk).update(updated_at=moment(10, 999))
    return Article.objects.all()


def articles_as_fields():
    return {
        article.slug: {
            **{name: getattr(article, name) for name in ARTICLE_FIELDS},
            "videos": list(article.videos.values("key", "url", "caption", "missing_note")),
        }
        for article in Article.objects.order_by("slug")
    }


def comments_as_fields(original_ids=None):
    """{id before the round trip: fields} of the comments, each with its article's slug and its
    parent's id before the round trip. `original_ids`: {pk: id before}; none: their own."""
    comments = {comment.pk: comment for comment in Comment.objects.select_related("article")}

    def original(pk):
        return original_ids[pk] if original_ids else str(pk)

    return {
        original(comment.pk): {
            **{name: getattr(comment, name) for name in COMMENT_FIELDS},
            "article": comment.article.slug,
            "parent": original(comment.parent_id) if comment.parent_id else None,
        }
        for comment in comments.values()
    }


def test_export_then_import_into_an_empty_site_gives_the_same_site_back(site, tmp_path):
    articles_before = articles_as_fields()
    comments_before = comments_as_fields()
    original_ids = round_trip(tmp_path)
    assert articles_as_fields() == articles_before
    assert comments_as_fields(original_ids) == comments_before


def round_trip(tmp_path):
    """Export the site as WXR, empty it, import the file; returns {pk: id before}."""
    path = tmp_path / "site.xml"
    call_command("export_site", "--format", "wxr", "--output", str(path), stderr=io.StringIO())
    Article.objects.all().delete()
    call_command("import_wordpress", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return dict(ImportedComment.objects.values_list("comment_id", "source_id"))


def imported(comment, original_ids):
    """The comment that the round trip made of `comment`."""
    pk = next(pk for pk, original in original_ids.items() if original == str(comment.pk))
    return Comment.objects.get(pk=pk)


def test_round_trip_keeps_a_withdrawn_comment_withdrawn(site, tmp_path):
    withdrawn = Comment.objects.get(author_name="Zoë")  # it has replies: it keeps its place
    comment_withdraw(withdrawn)
    withdrawn.refresh_from_db()
    comment = imported(withdrawn, round_trip(tmp_path))
    assert (comment.author_name, comment.body) == ("", "")
    assert comment.withdrawn_at == withdrawn.withdrawn_at


def test_round_trip_keeps_editors_notes_and_edit_times(site, tmp_path):
    noted = Comment.objects.get(body="A reply to the reply.")
    Comment.objects.filter(pk=noted.pk).update(editor_note="Since changed.", edited_at=moment(20))
    comment = imported(noted, round_trip(tmp_path))
    assert (comment.editor_note, comment.edited_at) == ("Since changed.", moment(20))


def test_round_trip_keeps_the_languages_of_comments(site, tmp_path):
    brazilian = Comment.objects.get(author_name="Zoë")
    Comment.objects.filter(pk=brazilian.pk).update(language="pt-br")
    unknown = Comment.objects.get(body="On the draft.")  # on the German draft
    original_ids = round_trip(tmp_path)
    assert imported(brazilian, original_ids).language == "pt-br"
    # Of unknown language, it was read as its article's: it comes back as its article's.
    assert (unknown.language, imported(unknown, original_ids).language) == ("", "de")
