"""Editors' notes under comments, editable by editors alone, and the quiet "Written in <year>"
line on old comments."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment

# An old comment's "Written in 2010" (not the form's "Written in" language field).
WRITTEN_IN_YEAR = re.compile(r"Written in \d{4}")
NOTE = "Treatments have changed since 2010; see the article's section on surgery."


@pytest.fixture
def comment(article, make_comment):
    return make_comment(article, body="Botox every three months works for me.")


def note_url(comment):
    return f"/admin/comments/commentnote/{comment.pk}/change/"


def article_text(article):
    return Client().get(article.get_absolute_url()).text


def test_editor_note_is_shown_under_the_comment_to_every_reader(article, comment):
    assert NOTE.replace("'", "&#x27;") not in article_text(article)  # the page is now kept
    comment.editor_note = NOTE
    comment.save()
    text = article_text(article)
    assert '<aside class="editor-note"><strong>Editor\'s note:</strong> Treatments' in text


def test_editor_adds_a_note_in_the_admin_and_readers_see_it_at_once(member_of, article, comment):
    article_text(article)  # the page is now kept
    editor = member_of("Editors")
    response = editor.post(note_url(comment), {"editor_note": NOTE})
    assert response.status_code == 302
    assert "Treatments have changed since 2010" in article_text(article)


def test_editor_changes_the_note_and_nothing_else(member_of, comment):
    editor = member_of("Editors")
    editor.post(
        note_url(comment),
        {"editor_note": NOTE, "body": "Changed.", "status": "removed", "author_name": "X"},
    )
    comment.refresh_from_db()
    assert comment.editor_note == NOTE
    assert comment.body == "Botox every three months works for me."
    assert comment.status == Comment.Status.APPROVED
    assert comment.author_name == "Pat Reader"


def test_editor_sees_the_comment_it_annotates(member_of, comment):
    response = member_of("Editors").get(note_url(comment))
    assert response.status_code == 200
    assert "Botox every three months works for me." in response.text
    assert 'name="body"' not in response.text


def test_editors_list_shows_published_comments_only(member_of, article, make_comment):
    make_comment(article, body="Published story.")
    make_comment(article, body="Waiting story.", status=Comment.Status.PENDING)
    response = member_of("Editors").get("/admin/comments/commentnote/")
    assert "Published story." in response.text
    assert "Waiting story." not in response.text


def test_editors_list_filters_comments_with_a_note(member_of, article, make_comment):
    make_comment(article, body="Annotated story.", editor_note=NOTE)
    make_comment(article, body="Plain story.")
    response = member_of("Editors").get("/admin/comments/commentnote/", {"note": "yes"})
    assert "Annotated story." in response.text
    assert "Plain story." not in response.text


def test_moderator_may_read_notes_but_not_change_them(member_of, comment):
    moderator = member_of("Moderators")
    assert moderator.get(note_url(comment)).status_code == 200
    assert moderator.post(note_url(comment), {"editor_note": NOTE}).status_code == 403
    comment.refresh_from_db()
    assert comment.editor_note == ""


def test_editors_cannot_moderate_comments(member_of, comment):
    editor = member_of("Editors")
    assert editor.get(f"/admin/comments/comment/{comment.pk}/change/").status_code == 403


def test_notes_cost_no_query_per_comment(article, make_comment):
    """The note is read with the page's comments (listing.SHOWN_FIELDS), not one by one."""

    def queries():
        with CaptureQueriesContext(connection) as captured:
            Client().get(article.get_absolute_url(), {"replytocom": "0"})  # never kept
        return len(captured)

    make_comment(article, editor_note=NOTE)
    one = queries()
    for _ in range(4):
        make_comment(article, editor_note=NOTE)
    assert queries() == one


# The "Written in <year>" line


def test_old_comment_carries_the_year_it_was_written(article, make_comment):
    make_comment(article, created_at=timezone.now().replace(year=2010, month=6, day=1))
    assert '<p class="comment__context">Written in 2010</p>' in article_text(article)


def test_recent_comment_carries_no_year(article, make_comment):
    make_comment(article, created_at=timezone.now() - timedelta(days=4 * 365))
    assert not WRITTEN_IN_YEAR.search(article_text(article))


def test_no_year_is_written_when_the_setting_is_zero(settings, article, make_comment):
    settings.COMMENTS_CONTEXT_AFTER_YEARS = 0
    make_comment(article, created_at=timezone.now().replace(year=2010, month=6, day=1))
    assert not WRITTEN_IN_YEAR.search(article_text(article))
