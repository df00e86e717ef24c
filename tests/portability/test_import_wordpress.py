"""`manage.py import_wordpress`: hand-made WXR files (tests/portability/files/wxr/) imported
end to end, through the reader (portability/wxr.py) and the one writer (importer.py)."""

from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management import CommandError, call_command

from articles.models import Article
from comments.models import Comment, SpamToken
from comments.spamfilter import DOCUMENTS
from portability.models import ImportedArticle, ImportedComment

FILES = Path(__file__).parent / "files" / "wxr"
pytestmark = pytest.mark.django_db


def import_wordpress(name, *options, path=None):
    """Run the command on a file of FILES (or at `path`); returns what it printed."""
    out = StringIO()
    call_command("import_wordpress", str(path or FILES / name), *options, stdout=out)
    return out.getvalue()


def comment(source_id, source="wordpress https://old.example.com"):
    return ImportedComment.objects.get(source=source, source_id=source_id).comment


def site_state():
    """Everything an import writes, to compare before and after a run."""
    return {
        "articles": list(Article.objects.order_by("pk").values_list("pk", "page_version")),
        "comments": list(Comment.objects.order_by("pk").values_list("pk", "parent", "status")),
        "redirects": list(Redirect.objects.order_by("pk").values_list("old_path", "new_path")),
        "mappings": ImportedArticle.objects.count() + ImportedComment.objects.count(),
        "spam_tokens": list(SpamToken.objects.order_by("token").values_list("token", "ham")),
    }


# Posts ---------------------------------------------------------------------------------------


def test_published_post_becomes_an_article_with_its_dates_excerpt_and_slug():
    import_wordpress("wordpress-1.2.xml")

    article = Article.objects.get(slug="botox-and-me")
    assert article.title == "Botox & me: a year on"
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == datetime(2011, 3, 15, 8, 30, tzinfo=UTC)
    assert article.updated_at == datetime(2011, 3, 16, 9, 0, tzinfo=UTC)
    assert article.summary == "What a year of Botox did for my spasm."
    assert article.body.startswith("A year of injections, and what changed.")
    assert article.comments_enabled


def test_draft_without_gmt_date_or_slug_is_dated_in_the_time_zone_and_named_from_its_title(
    settings,
):
    settings.TIME_ZONE = "Europe/Paris"

    output = import_wordpress("wordpress-1.2.xml")

    draft = Article.objects.get(title="Surgery notes")
    assert draft.slug == "surgery-notes"
    assert draft.status == Article.Status.DRAFT
    assert draft.published_at == datetime(2011, 4, 2, 12, 0, tzinfo=UTC)  # 14:00 in Paris
    assert not draft.comments_enabled
    assert "post 11 has no GMT date: its local date read in Europe/Paris" in output


def test_wxr_1_1_file_imports_with_a_private_post_as_a_draft():
    output = import_wordpress("wordpress-1.1.xml")

    first = Article.objects.get(slug="first-week")
    assert first.published_at == datetime(2009, 7, 1, 19, 0, tzinfo=UTC)
    assert first.body == "My eyelid started twitching.\n\nIt has not stopped since.\n"
    reply = first.comments.get()
    assert (reply.author_url, reply.ip_address) == ("", "2001:db8::1")
    assert Article.objects.get(slug="notes-to-self").status == Article.Status.DRAFT
    assert "private post 6 imported as a draft" in output


def test_attachments_pages_menu_items_and_pingbacks_are_skipped_and_counted():
    output = import_wordpress("wordpress-1.2.xml")

    assert not Article.objects.filter(slug__in=["about", "face-photo", "home"]).exists()
    assert "  attachment: 1" in output
    assert "  page (import pages with --pages): 1" in output
    assert "  comment on a page (import pages with --pages): 1" in output
    assert "  nav_menu_item: 1" in output
    assert "  pingback: 1" in output
    assert not Comment.objects.filter(author_name="Some Other Blog").exists()


def test_pages_are_imported_as_articles_with_the_pages_option():
    import_wordpress("wordpress-1.2.xml", "--pages")

    page = Article.objects.get(slug="about")
    assert page.comments.get().body == "Nice page."
    assert Redirect.objects.get(old_path="/?page_id=13").new_path == "/articles/about/"


# Comments ------------------------------------------------------------------------------------


def test_comments_keep_their_threading_dates_authors_and_statuses():
    import_wordpress("wordpress-1.2.xml")

    first, reply, answer = comment("100"), comment("101"), comment("102")
    assert (reply.parent, answer.parent) == (first, reply)
    assert first.created_at == datetime(2011, 3, 16, 9, 5, 30, tzinfo=UTC)
    assert (first.author_name, first.author_email) == ("Maria", "maria@example.org")
    assert (first.author_url, first.ip_address) == ("https://maria.example.org/", "198.51.100.7")
    assert first.status == Comment.Status.APPROVED
    assert comment("105").status == Comment.Status.PENDING
    assert comment("106").status == Comment.Status.REMOVED


def test_a_wordpress_post_and_its_comments_are_taken_to_be_in_the_sites_language(settings):
    """WordPress's exports name no language."""
    settings.LANGUAGE_CODE = "fr"
    import_wordpress("wordpress-1.2.xml")

    article = Article.objects.get(slug="botox-and-me")
    assert article.language == "fr"
    assert set(article.comments.values_list("language", flat=True)) == {"fr"}


def test_comment_by_one_of_the_blogs_authors_is_a_site_reply():
    import_wordpress("wordpress-1.2.xml")

    assert comment("101").is_site_reply
    assert not comment("100").is_site_reply


def test_reply_deeper_than_the_site_allows_is_placed_beside_the_comment_it_answers():
    output = import_wordpress("wordpress-1.2.xml")

    assert comment("103").parent == comment("101")  # 102 is at the deepest level
    assert "replies deeper than 3 levels, placed beside the comment they answer: 1" in output


def test_reply_written_before_its_parent_in_the_file_is_threaded_under_it():
    import_wordpress("wordpress-1.2.xml")

    assert comment("108").parent == comment("109")


def test_comment_whose_parent_is_missing_becomes_a_thread_with_a_warning():
    output = import_wordpress("wordpress-1.2.xml")

    assert comment("107").parent is None
    assert "comment 107 answers comment 999, which is not in the file" in output


def test_entities_smart_quotes_and_paragraphs_arrive_decoded_once():
    import_wordpress("wordpress-1.2.xml")

    question = comment("109")
    assert question.author_name == "Chris O'Neil"
    assert question.body == (
        "Does it hurt?\n\nI’m scared of needles & doctors.\nBe honest “please”."  # noqa: RUF001
    )


def test_pending_comment_is_triaged_for_the_moderation_queue():
    import_wordpress("wordpress-1.2.xml")

    waiting = comment("105")
    assert "distress" in waiting.tags.split()
    assert waiting.risk == 3


def test_spam_and_approved_comments_teach_the_spam_filter_once_at_the_end():
    import_wordpress("spam.xml")

    source = "wordpress https://spammed.example.com"
    spam, ham, pending = (comment(source_id, source) for source_id in ("1", "2", "3"))
    assert (spam.status, spam.spam_label) == (Comment.Status.SPAM, Comment.SpamLabel.SPAM)
    assert (ham.status, ham.spam_label) == (Comment.Status.APPROVED, Comment.SpamLabel.HAM)
    assert pending.spam_label == Comment.SpamLabel.NONE
    assert SpamToken.objects.get(token="w:zorblax").spam == 1
    assert SpamToken.objects.get(token="w:lubricating").ham == 1
    assert SpamToken.objects.filter(token=DOCUMENTS).values_list("ham", "spam").get() == (1, 1)


def test_odd_but_valid_file_imports_with_one_warning_each():
    output = import_wordpress("odd.xml")

    article = Article.objects.get(slug="cafe-talk")
    assert article.title == "Café talk: spasms & stress"
    renee = article.comments.get(author_name="Renée")
    assert renee.body == "Café au lait helps me … really."
    bo = article.comments.get(author_name="Bo")
    assert (bo.body, bo.author_email, bo.author_url) == ("First of two with id 31.", "", "")
    assert "a comment without an id was given the id h" in output
    assert "a comment with the same id (31) as an earlier one was left out" in output
    assert "“not-an-email” is not an email address, left out" in output
    assert "the website “javascript:alert(1)” is not an http(s) address" in output


# Redirects and links -------------------------------------------------------------------------


def test_old_addresses_of_posts_and_feeds_redirect_to_the_new_ones():
    import_wordpress("wordpress-1.2.xml")

    redirects = dict(Redirect.objects.values_list("old_path", "new_path"))
    assert redirects["/?p=10"] == "/articles/botox-and-me/"
    assert redirects["/2011/03/botox-and-me/"] == "/articles/botox-and-me/"
    assert redirects["/2011/03/botox-and-me/feed/"] == ("/feeds/articles/botox-and-me/comments.rss")
    assert redirects["/?p=11"] == "/articles/surgery-notes/"
    for feed in ("/feed/", "/?feed=rss2", "/feed/atom/"):
        assert redirects[feed] == "/feeds/articles.rss"


def test_blog_under_a_path_keeps_that_path_in_its_old_addresses():
    import_wordpress("wordpress-1.1.xml")

    redirects = dict(Redirect.objects.values_list("old_path", "new_path"))
    assert redirects["/blog/?p=5"] == "/articles/first-week/"
    assert redirects["/blog/2009/07/first-week/"] == "/articles/first-week/"
    assert redirects["/blog/feed/"] == "/feeds/articles.rss"


def test_links_to_the_old_blogs_posts_lead_to_the_new_addresses():
    import_wordpress("wordpress-1.2.xml")

    body = Article.objects.get(slug="botox-and-me").body
    question = comment("109")
    assert "[surgery notes](/articles/surgery-notes/)" in body
    assert f"[Chris's question](/comments/{question.pk}/)" in body


# Merging, a second run, dry runs, broken files ------------------------------------------------


def test_seed_article_is_matched_and_kept_and_its_three_comments_are_not_copied(seed_article):
    before = Article.objects.filter(pk=seed_article.pk).values().get()
    seed_comments = set(seed_article.comments.values_list("pk", flat=True))

    output = import_wordpress("seed-blog.xml")

    assert (
        Article.objects.filter(pk=seed_article.pk).values().get()
        | {
            "page_version": before["page_version"],
            "comment_count": before["comment_count"],
        }
        == before
    )
    assert set(seed_article.comments.values_list("pk", flat=True)) == seed_comments | {
        comment("456", "wordpress http://www.hemifacial-spasm.example").pk
    }
    assert "Matched to what was already on this site: 1 article, 3 comments." in output
    dave = seed_article.comments.get(author_name="dave")
    assert comment("456", "wordpress http://www.hemifacial-spasm.example").parent == dave
    assert Redirect.objects.get(old_path="/2010/05/hemifacial-spasm/").new_path == (
        "/articles/hemifacial-spasm/"
    )


def test_second_import_of_the_same_file_changes_nothing():
    import_wordpress("wordpress-1.2.xml")
    before = site_state()

    output = import_wordpress("wordpress-1.2.xml")

    assert site_state() == before
    assert "Created" not in output
    assert "Unchanged since an earlier import: 2 articles, 9 comments, 7 redirects." in output


def test_post_changed_at_the_source_since_the_import_is_updated(tmp_path):
    import_wordpress("wordpress-1.2.xml")
    later = tmp_path / "later.xml"
    text = (FILES / "wordpress-1.2.xml").read_text()
    text = text.replace("2011-03-16 09:00:00", "2030-01-01 09:00:00").replace(
        "A year of injections", "Two years of injections"
    )
    later.write_text(text)

    output = import_wordpress("", path=later)

    article = Article.objects.get(slug="botox-and-me")
    assert article.body.startswith("Two years of injections")
    assert article.updated_at == datetime(2030, 1, 1, 9, 0, tzinfo=UTC)
    assert "Updated: 1 article." in output


def test_dry_run_prints_the_summary_and_saves_nothing():
    before = site_state()

    output = import_wordpress("wordpress-1.2.xml", "--dry-run")

    assert site_state() == before
    assert output.startswith("Dry run: nothing was saved.")
    assert "Created: 2 articles, 9 comments" in output


def test_truncated_file_imports_nothing_and_names_the_line(tmp_path):
    lines = (FILES / "wordpress-1.2.xml").read_text().splitlines(keepends=True)
    cut = tmp_path / "cut.xml"
    cut.write_text("".join(lines[:200]))
    before = site_state()

    with pytest.raises(CommandError) as error:
        import_wordpress("", path=cut)

    assert site_state() == before
    assert "line 201" in str(error.value)  # where the file ends
    assert "cut off" in str(error.value)
    assert str(error.value).endswith("Nothing was imported.")


def test_a_file_that_is_not_a_wordpress_export_is_refused(tmp_path):
    other = tmp_path / "disqus.xml"
    other.write_text('<?xml version="1.0"?>\n<disqus><thread/></disqus>\n')

    with pytest.raises(CommandError, match="not a WordPress export"):
        import_wordpress("", path=other)


class Terminal(StringIO):
    def isatty(self):
        return True


def test_progress_bar_is_drawn_on_a_terminal_and_ends_before_the_summary():
    err = Terminal()
    call_command("import_wordpress", str(FILES / "spam.xml"), stdout=StringIO(), stderr=err)

    assert err.getvalue().startswith("\rReading the WordPress export [")
    assert err.getvalue().endswith("100% of 0.0 MB\x1b[K\n")


def test_progress_bar_is_not_drawn_when_the_output_is_not_a_terminal():
    err = StringIO()
    call_command("import_wordpress", str(FILES / "spam.xml"), stdout=StringIO(), stderr=err)

    assert err.getvalue() == ""


# Our own export -------------------------------------------------------------------------------


def test_own_exports_elements_win_over_wordpresss_so_the_round_trip_is_exact():
    import_wordpress("own-export.xml")

    article = Article.objects.get(slug="tics-and-twitches")
    assert article.title == "Tics & twitches: <what> to know"
    assert article.body == (
        "## What they are\n\nA twitch is *not* a spasm & <b> stays text.\n\n[video: first-visit]\n"
    )
    assert article.summary == "Tics, twitches & spasms: how to tell them apart."
    assert article.published_at == datetime(2020, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)
    assert article.updated_at == datetime(2021, 6, 7, 8, 9, 10, 654321, tzinfo=UTC)
    assert article.reviewed_at == date(2024, 3, 1)
    video = article.videos.get()
    assert (video.key, video.caption) == ("first-visit", "A first visit")
    source = "wordpress https://hfs.example.org"
    removed, reply = comment("7", source), comment("8", source)
    assert removed.author_name == "Ann &amp; Bob"
    assert removed.body == "<3 this &amp; that, as typed.\n\nA second paragraph."
    assert removed.status == Comment.Status.REMOVED
    assert removed.created_at == datetime(2020, 2, 3, 4, 5, 6, 789000, tzinfo=UTC)
    assert removed.user_agent == "Mozilla/5.0 (X11; Linux x86_64)"
    assert reply.is_site_reply and reply.parent == removed
    assert not Redirect.objects.filter(old_path__in=["/?p=42", "/feed/"]).exists()


def test_wxr_1_0_namespaces_are_read_as_well(tmp_path):
    old = tmp_path / "wxr-1.0.xml"
    old.write_text((FILES / "wordpress-1.1.xml").read_text().replace("export/1.1/", "export/1.0/"))

    import_wordpress("", path=old)

    assert Article.objects.get(slug="first-week").comments.count() == 1
