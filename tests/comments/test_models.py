import pytest
from django.core.exceptions import ValidationError

from comments.models import BlockedTerm, Comment


def test_approved_holds_only_approved_comments(article, make_comment):
    approved = make_comment(article)
    for status in ["pending", "spam", "removed"]:
        make_comment(article, status=status)
    assert list(article.comments.approved()) == [approved]


def test_pending_holds_only_waiting_comments(article, make_comment):
    make_comment(article)
    waiting = make_comment(article, status=Comment.Status.PENDING)
    assert list(Comment.objects.pending().filter(article=article)) == [waiting]


def test_visible_to_a_poster_adds_only_their_own_waiting_comments(article, make_comment):
    approved = make_comment(article)
    mine = make_comment(article, status=Comment.Status.PENDING)
    make_comment(article, status=Comment.Status.PENDING)
    removed_mine = make_comment(article, status=Comment.Status.REMOVED)
    visible = article.comments.visible_to(own_ids=[mine.pk, removed_mine.pk])
    assert list(visible) == [approved, mine]


def test_comments_are_ordered_oldest_first(article, make_comment):
    from django.utils import timezone

    newer = make_comment(article)
    older = make_comment(article, created_at=timezone.now() - timezone.timedelta(days=3))
    assert list(article.comments.approved()) == [older, newer]


def test_comment_url_is_its_lasting_permalink(article, make_comment):
    comment = make_comment(article)
    assert comment.get_absolute_url() == f"/comments/{comment.pk}/"


def test_approved_leaves_out_a_reply_whose_parent_is_not_approved(article, make_comment):
    parent = make_comment(article, status=Comment.Status.REMOVED)
    make_comment(article, parent=parent)
    assert list(article.comments.approved()) == []


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("word", "  Cheap   PILLS ", "cheap pills"),
        ("email", "Spammer@Example.com", "spammer@example.com"),
        ("email", "@Example.com", "@example.com"),
        ("ip", "203.0.113.9", "203.0.113.9"),
        ("ip", "203.0.113.77/24", "203.0.113.0/24"),
        ("domain", "https://www.Pills.example/buy", "pills.example"),
    ],
)
def test_blocked_term_is_cleaned_to_the_form_it_is_matched_in(db, kind, typed, stored):
    term = BlockedTerm(kind=kind, value=typed)
    term.full_clean()
    assert term.value == stored


@pytest.mark.parametrize(
    ("kind", "typed"),
    [("email", "not an address"), ("ip", "203.0.113"), ("domain", "localhost"), ("word", " ")],
)
def test_blocked_term_that_could_never_match_is_invalid(db, kind, typed):
    with pytest.raises(ValidationError):
        BlockedTerm(kind=kind, value=typed).full_clean()
