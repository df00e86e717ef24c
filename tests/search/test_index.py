"""The search index follows every write of the text it covers, made by the database itself
(search/index.py): FTS5 tables kept by triggers on SQLite, generated columns on PostgreSQL."""

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from comments.models import Comment
from comments.services import comment_set_status, comment_withdraw
from search.index import COMMENTS, restore_triggers
from search.queries import search_site

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the triggers of SQLite's FTS5 index"
)


def indexed_comments(word):
    """Keys of the comments the index itself holds `word` for, whatever their status."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sql = f"SELECT rowid FROM {COMMENTS.name} WHERE {COMMENTS.name} MATCH %s"
            cursor.execute(sql, [f'"{word}"'])
        else:
            sql = "SELECT id FROM comments_comment WHERE search_vector @@ plainto_tsquery(%s)"
            cursor.execute(sql, [word])
        return {pk for (pk,) in cursor.fetchall()}


def test_a_new_comment_is_in_the_index_whatever_its_status(article, make_comment):
    comment = make_comment(article, body="Microvascular surgery helped.", status="pending")
    assert indexed_comments("microvascular") == {comment.pk}


def test_an_edited_comment_is_found_by_its_new_words_only(article, make_comment):
    comment = make_comment(article, body="Microvascular surgery helped.")
    comment.body = "Trigeminal pain came back."
    comment.save()
    assert indexed_comments("microvascular") == set()
    assert search_site("trigeminal").comments == [comment]


def test_a_text_changed_by_a_queryset_update_is_indexed_again(article, make_comment):
    comment = make_comment(article, body="Microvascular surgery helped.")
    Comment.objects.filter(pk=comment.pk).update(body="Trigeminal pain came back.")
    assert indexed_comments("microvascular") == set()
    assert indexed_comments("trigeminal") == {comment.pk}


def test_a_deleted_comment_leaves_the_index(article, make_comment):
    comment = make_comment(article, body="Microvascular surgery helped.")
    comment.delete()
    assert indexed_comments("microvascular") == set()


def test_the_text_of_a_withdrawn_comment_is_no_longer_found(article, make_comment):
    comment = make_comment(article, body="Microvascular surgery helped.")
    make_comment(article, parent=comment, body="Glad to hear it.")
    comment_withdraw(comment)
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.APPROVED
    assert indexed_comments("microvascular") == set()
    assert search_site("microvascular").comments == []


def test_a_comment_approved_later_is_found_and_one_removed_is_not(article, make_comment, moderator):
    waiting = make_comment(article, body="Microvascular surgery helped.", status="pending")
    comment_set_status(Comment.objects.filter(pk=waiting.pk), status="approved", by=moderator)
    assert search_site("microvascular").comments == [waiting]
    comment_set_status(Comment.objects.filter(pk=waiting.pk), status="removed", by=moderator)
    assert search_site("microvascular").comments == []


def test_an_edited_article_is_found_by_its_new_title(make_article):
    article = make_article(title="Living with it")
    article.title = "Blepharospasm"
    article.save()
    assert search_site("blepharospasm").articles == [article]
    assert search_site("living").articles == []


def test_an_unpublished_article_is_no_longer_found(make_article):
    article = make_article(title="Blepharospasm")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert search_site("blepharospasm").articles == []


@sqlite_only
def test_the_sqlite_index_agrees_with_its_table_after_every_kind_of_write(article, make_comment):
    comments = [make_comment(article, body=f"Microvascular story {n}.") for n in range(5)]
    comments[0].delete()
    Comment.objects.filter(pk=comments[1].pk).update(body="Changed.")
    comments[2].body = "Changed again."
    comments[2].save()
    Comment.objects.bulk_create([Comment(article=article, author_name="A", body="Bulk words.")])
    with connection.cursor() as cursor:  # raises if the index and the table disagree
        cursor.execute(
            f"INSERT INTO {COMMENTS.name}({COMMENTS.name}, rank) VALUES ('integrity-check', 1)"
        )


@sqlite_only
def test_triggers_lost_with_a_rebuilt_table_come_back_after_migrate(article, make_comment):
    """Django rebuilds a SQLite table to change some of its columns, which drops its triggers."""
    with connection.cursor() as cursor:
        for name in COMMENTS.sqlite_trigger_names():
            cursor.execute(f"DROP TRIGGER {name}")
    written_meanwhile = make_comment(article, body="Microvascular surgery helped.")
    restore_triggers(using=connection.alias)
    written_after = make_comment(article, body="Microvascular decompression, again.")
    assert indexed_comments("microvascular") == {written_meanwhile.pk, written_after.pk}


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_is_searched_as_it_was(tmp_path, make_article, make_comment):
    article = make_article()
    kept = make_comment(article, body="Microvascular surgery helped.").pk
    backup = tmp_path / "site.backup"
    call_command("backup", str(backup))
    Comment.objects.filter(pk=kept).delete()
    make_comment(article, body="Microvascular and trigeminal, written after the backup.")

    call_command("restore", str(backup), "--yes")

    assert [comment.pk for comment in search_site("microvascular").comments] == [kept]
    assert indexed_comments("trigeminal") == set()
