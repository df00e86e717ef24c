"""`manage.py import_disqus` and its reader (portability/disqus.py), with hand-made exports in
tests/portability/files/disqus/: export.xml as Disqus writes one (threads 101 and 102 are the
seed article's page, 103 a page this site does not have), odd.xml (odd but valid), broken.xml.
"""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from comments.models import Comment
from portability.disqus import forum_name, read_disqus
from portability.models import ImportedArticle, ImportedComment
from portability.records import ArticleRecord, CommentRecord, ImportFailed, ImportNote

FILES = Path(__file__).parent / "files"
EXPORT = FILES / "disqus" / "export.xml"
ODD = FILES / "disqus" / "odd.xml"
BROKEN = FILES / "disqus" / "broken.xml"
SOURCE = "disqus hfs-blog"


def import_disqus(path, *options):
    output = io.StringIO()
    call_command("import_disqus", str(path), *options, stdout=output, stderr=io.StringIO())
    return output.getvalue()


def imported(source_id):
    return ImportedComment.objects.get(source=SOURCE, source_id=source_id).comment


# The reader ------------------------------------------------------------------------------


def test_reader_yields_each_thread_before_its_posts_in_file_order():
    kinds = [
        (type(record).__name__, getattr(record, "source_id", ""))
        for record in read_disqus(EXPORT)
        if not isinstance(record, ImportNote)
    ]

    assert kinds[:2] == [("ArticleRecord", "101"), ("ArticleRecord", "103")]
    assert kinds[2:] == [("CommentRecord", str(number)) for number in range(5001, 5009)]


def test_thread_only_matches_an_article_by_its_address():
    thread = next(read_disqus(EXPORT))

    assert isinstance(thread, ArticleRecord)
    assert thread.match_only
    assert thread.slug == ""
    assert thread.link == "https://hfs.example/articles/hemifacial-spasm/"
    assert thread.line == 13


def test_post_html_becomes_plain_text_with_entities_decoded_once():
    post = next(r for r in read_disqus(EXPORT) if getattr(r, "source_id", "") == "5001")

    assert post.body == "I've had it for six years.\n\nBotox & patience helped."


def test_forum_name_is_read_from_the_head_of_the_file():
    assert forum_name(EXPORT) == "hfs-blog"


def test_a_file_that_is_not_a_disqus_export_is_refused():
    with pytest.raises(ImportFailed, match="not a Disqus export: it starts with <rss>"):
        list(read_disqus(io.BytesIO(b"<rss><channel/></rss>")))


def test_odd_cases_each_import_with_one_note():
    records = list(read_disqus(ODD))
    notes = [record.message for record in records if isinstance(record, ImportNote)]
    comments = {r.source_id: r for r in records if isinstance(r, CommentRecord)}

    assert len(notes) == 5
    assert "a comment without an id: it is known here as content-" in notes[0]
    assert notes[1] == "comment 7001: comment repeated under the same id"
    assert notes[2] == "comment 7002 answers itself: imported as a new thread"
    assert notes[3] == "comment 7003: isSpam is “maybe”, read as false"
    assert notes[4] == "comment 7004: the date “last Tuesday” is not a date"
    assert comments["7002"].parent_source_id == ""
    assert comments["7003"].status == "approved"
    assert comments["7004"].created_at is None
    assert {r.article_source_id for r in comments.values()} == {"hemifacial-spasm"}


def test_comment_without_an_id_gets_the_same_made_up_id_in_every_read():
    def first_id():
        return next(r.source_id for r in read_disqus(ODD) if isinstance(r, CommentRecord))

    assert first_id() == first_id()


def test_overlong_ids_are_replaced_by_their_hash():
    long_id = "https://hfs.example/" + "x" * 200
    xml = (
        f'<disqus xmlns="http://disqus.com"><thread><id>{long_id}</id><link>https://hfs.example/a/</link>'
        f"</thread><post><id>1</id><thread>{long_id}</thread><author><email>a@example.org</email>"
        "</author></post></disqus>"
    )
    thread, post = list(read_disqus(io.BytesIO(xml.encode())))

    assert thread.source_id.startswith("long-")
    assert len(thread.source_id) <= 100
    assert post.article_source_id == thread.source_id


# The command -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_comments_arrive_threaded_on_the_article_at_the_thread_address(seed_article):
    import_disqus(EXPORT)

    first, reply, reply_to_reply = (imported(pk) for pk in ("5001", "5002", "5003"))
    assert first.article == seed_article
    assert first.parent is None
    assert reply.parent == first
    assert reply_to_reply.parent == reply


@pytest.mark.django_db
def test_dates_names_emails_and_addresses_are_kept(seed_article):
    import_disqus(EXPORT)

    comment = imported("5001")
    assert comment.created_at == datetime(2012, 3, 6, 21, 15, 30, tzinfo=UTC)
    assert comment.author_name == "Maria K."
    assert comment.author_email == "maria@example.org"
    assert comment.ip_address == "198.51.100.7"


@pytest.mark.django_db
def test_spam_deleted_and_unapproved_flags_become_statuses(seed_article):
    import_disqus(EXPORT)

    assert imported("5001").status == Comment.Status.APPROVED
    assert imported("5004").status == Comment.Status.SPAM
    assert imported("5005").status == Comment.Status.REMOVED
    assert imported("5006").status == Comment.Status.PENDING


@pytest.mark.django_db
def test_spam_filter_is_taught_the_exports_decisions(seed_article):
    import_disqus(EXPORT)

    assert imported("5004").spam_label == Comment.SpamLabel.SPAM
    assert imported("5001").spam_label == Comment.SpamLabel.HAM


@pytest.mark.django_db
def test_comment_without_email_imports_with_a_warning(seed_article):
    output = import_disqus(EXPORT)

    assert imported("5007").author_email == ""
    assert "comment 5007 has no email address" in output


@pytest.mark.django_db
def test_second_thread_at_the_same_address_adds_to_the_same_article(seed_article):
    import_disqus(EXPORT)

    assert imported("5007").article == seed_article


@pytest.mark.django_db
def test_thread_matching_no_article_is_skipped_and_counted(seed_article):
    articles = Article.objects.count()
    output = import_disqus(EXPORT)

    assert Article.objects.count() == articles
    assert not ImportedComment.objects.filter(source_id="5008").exists()
    assert "thread not matched to an article: 1" in output


@pytest.mark.django_db
def test_comment_on_a_thread_not_in_the_file_is_skipped_and_counted(seed_article):
    output = import_disqus(EXPORT)

    assert not ImportedComment.objects.filter(source_id="5009").exists()
    assert "comment on a thread that is not in the file: 1" in output


@pytest.mark.django_db
def test_create_makes_a_draft_for_a_thread_matching_no_article(seed_article):
    import_disqus(EXPORT, "--create")

    draft = ImportedArticle.objects.get(source=SOURCE, source_id="103").article
    assert draft.status == Article.Status.DRAFT
    assert draft.title == "My Botox diary"
    assert draft.slug == "my-botox-diary"
    assert draft.body.strip() == "Six years of injections, month by month."
    assert not draft.comments_enabled  # the thread was closed at Disqus
    assert imported("5008").article == draft


@pytest.mark.django_db
def test_create_still_matches_a_thread_with_an_article(seed_article):
    import_disqus(EXPORT, "--create")

    assert ImportedArticle.objects.get(source=SOURCE, source_id="101").article == seed_article


@pytest.mark.django_db
def test_dry_run_saves_nothing_and_says_so(seed_article):
    comments = Comment.objects.count()
    output = import_disqus(EXPORT, "--dry-run", "--create")

    assert output.startswith("Dry run: nothing was saved.")
    assert "1 article, 8 comments" in output
    assert Comment.objects.count() == comments
    assert not ImportedArticle.objects.exists()


@pytest.mark.django_db
def test_second_run_changes_nothing(seed_article):
    import_disqus(EXPORT, "--create")
    comments = list(Comment.objects.order_by("pk").values())
    articles = list(Article.objects.order_by("pk").values())

    output = import_disqus(EXPORT, "--create")

    assert list(Comment.objects.order_by("pk").values()) == comments
    assert list(Article.objects.order_by("pk").values()) == articles
    assert "Unchanged since an earlier import: 2 articles, 8 comments" in output


@pytest.mark.django_db
def test_broken_file_names_its_line_and_imports_nothing(seed_article):
    comments = Comment.objects.count()

    with pytest.raises(CommandError, match=r"line 16: .*Nothing was imported"):
        import_disqus(BROKEN)

    assert Comment.objects.count() == comments
    assert not ImportedArticle.objects.exists()


@pytest.mark.django_db
def test_odd_export_imports_with_its_warnings(seed_article):
    output = import_disqus(ODD)

    assert ImportedComment.objects.filter(source=SOURCE).count() == 5
    assert "comment 7003 answers comment 6999, which is not in the file" in output
    assert imported("7003").parent is None
