"""The one writer (portability/importer.py), fed records directly: what both importers rely
on whatever the file format."""

from datetime import UTC, datetime

import pytest
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site

from articles.models import Article
from comments.models import Comment
from portability.importer import SHOWN_WARNINGS, Summary, import_records
from portability.models import ImportedArticle, ImportedComment
from portability.records import ArticleRecord, CommentRecord, ImportFailed, ImportNote

SOURCE = "test https://old.example.com"
pytestmark = pytest.mark.django_db


def thread(source_id="t1", **fields):
    """A Disqus-like thread: no slug, matched by its link only."""
    defaults = {"title": "A thread", "slug": "", "body": "", "match_only": True}
    return ArticleRecord(source_id=source_id, **{**defaults, **fields})


def post(source_id="p1", **fields):
    defaults = {"title": "A post", "slug": "a-post", "body": "Text."}
    return ArticleRecord(source_id=source_id, **{**defaults, **fields})


def reply(source_id, article_source_id, **fields):
    defaults = {
        "author_name": "Pat",
        "body": "Same here.",
        "created_at": datetime(2015, 1, 1, tzinfo=UTC),
        "status": "approved",
    }
    return CommentRecord(source_id, article_source_id, **{**defaults, **fields})


def test_thread_at_an_articles_address_is_matched_to_it(article):
    link = f"https://hfs.example.org{article.get_absolute_url()}"

    import_records([thread(link=link), reply("c1", "t1")], source=SOURCE)

    assert article.comments.get().body == "Same here."


def test_thread_at_an_old_address_is_matched_through_its_redirect(article):
    Redirect.objects.create(
        site=Site.objects.get_current(),
        old_path="/2010/05/old-post/",
        new_path=article.get_absolute_url(),
    )

    import_records(
        [thread(link="http://old.example.com/2010/05/old-post/"), reply("c1", "t1")],
        source=SOURCE,
    )

    assert article.comments.count() == 1


def test_comments_of_a_thread_matched_to_no_article_are_skipped_and_counted():
    articles = Article.objects.count()

    summary = import_records(
        [thread(link="https://old.example.com/gone/"), reply("c1", "t1"), reply("c2", "t1")],
        source=SOURCE,
    )

    assert Article.objects.count() == articles
    assert not ImportedComment.objects.exists()
    assert summary.skipped == {"thread not matched to an article": 2}


def test_comment_already_on_the_article_is_matched_despite_spacing_and_quote_style(
    article, make_comment
):
    there = make_comment(article, author_name="Pat", body="It’s  “better”\nnow.")  # noqa: RUF001

    summary = import_records(
        [post(slug=article.slug), reply("c1", "p1", body='It\'s "better" now.')],
        source=SOURCE,
    )

    assert ImportedComment.objects.get(source_id="c1").comment == there
    assert article.comments.count() == 1
    assert summary.matched == {"article": 1, "comment": 1}


def test_imported_comments_update_the_articles_count_of_approved_comments():
    import_records([post(), reply("c1", "p1"), reply("c2", "p1", status="pending")], source=SOURCE)

    assert Article.objects.get(slug="a-post").comment_count == 1


def test_failure_halfway_through_the_file_keeps_nothing():
    def records():
        yield post()
        yield reply("c1", "p1")
        raise ImportFailed("the file ends before </rss>", line=40)

    before = (Article.objects.count(), Comment.objects.count(), Redirect.objects.count())

    with pytest.raises(ImportFailed, match="line 40"):
        import_records(records(), source=SOURCE)

    assert (Article.objects.count(), Comment.objects.count(), Redirect.objects.count()) == before
    assert not ImportedArticle.objects.exists()


def test_redirect_an_editor_pointed_elsewhere_is_kept_with_a_warning(article):
    site = Site.objects.get_current()
    Redirect.objects.create(site=site, old_path="/?p=1", new_path="/about/")

    summary = import_records([post(old_paths=["/?p=1"])], source=SOURCE)

    assert Redirect.objects.get(old_path="/?p=1").new_path == "/about/"
    assert "the redirect of /?p=1 to /about/ was kept" in "\n".join(summary.lines())


def test_comment_on_a_post_the_file_never_named_fails_with_its_line():
    with pytest.raises(ImportFailed, match="line 9: comment c1 belongs to p9"):
        import_records([reply("c1", "p9", line=9)], source=SOURCE)


def test_new_article_is_given_a_free_slug_from_its_title(article):
    import_records([post(slug="", title=article.title)], source=SOURCE)

    assert Article.objects.filter(slug=f"{article.slug}-2").exists()


def test_summary_prints_the_first_warnings_and_counts_the_rest():
    summary = Summary(source=SOURCE)
    for line in range(SHOWN_WARNINGS + 7, 0, -1):
        summary.warn("something odd", line)

    lines = summary.lines()

    assert f"Warnings ({SHOWN_WARNINGS + 7}):" in lines
    assert lines[-1] == "  … and 7 more"
    assert lines[-2 - SHOWN_WARNINGS + 1] == "  line 8: something odd"  # sorted by line


def test_notes_that_count_as_skips_are_counted_not_listed():
    summary = import_records(
        [ImportNote("pingback skipped", 3, counts_as="pingback")] * 2, source=SOURCE
    )

    assert summary.skipped == {"pingback": 2}
    assert summary.warning_count == 0


def languages(article):
    """The languages of the article's comments, in the order they were imported."""
    return list(article.comments.order_by("pk").values_list("language", flat=True))


def test_an_article_and_a_comment_keep_the_languages_their_records_name():
    import_records(
        [post(language="fr"), reply("c1", "p1", language="pt-br"), reply("c2", "p1")],
        source=SOURCE,
    )

    article = Article.objects.get(slug="a-post")
    assert article.language == "fr"
    assert languages(article) == ["pt-br", "fr"]  # a comment naming none: its article's


def test_an_article_naming_no_language_gets_the_sites_and_so_do_its_comments(settings):
    settings.LANGUAGE_CODE = "de"

    import_records([post(), reply("c1", "p1")], source=SOURCE)

    article = Article.objects.get(slug="a-post")
    assert (article.language, languages(article)) == ("de", ["de"])


def test_a_language_that_is_no_language_code_is_left_out_with_a_warning():
    summary = import_records(
        [post(language="fr"), reply("c1", "p1", language="<b>spanish</b>", line=7)],
        source=SOURCE,
    )

    assert languages(Article.objects.get(slug="a-post")) == ["fr"]
    warning = "line 7: comment c1: “<b>spanish</b>” is not a language code, left out"
    assert f"  {warning}" in summary.lines()
