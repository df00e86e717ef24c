from comments.models import Comment


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
    visible = article.comments.visible_to(posted_ids=[mine.pk, removed_mine.pk])
    assert list(visible) == [approved, mine]


def test_comments_are_ordered_oldest_first(article, make_comment):
    from django.utils import timezone

    newer = make_comment(article)
    older = make_comment(article, created_at=timezone.now() - timezone.timedelta(days=3))
    assert list(article.comments.approved()) == [older, newer]


def test_comment_url_is_its_anchor_on_the_article(article, make_comment):
    comment = make_comment(article)
    assert comment.get_absolute_url() == f"{article.get_absolute_url()}#comment-{comment.pk}"
