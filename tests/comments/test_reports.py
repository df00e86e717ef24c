"""Readers report published comments: a reason to pick, one count per reader, a rate limit,
and a comment hidden for review once COMMENTS_HIDE_AFTER_REPORTS readers have reported it."""

import pytest
from django.test import Client

from comments.models import Comment, CommentReport
from comments.reports import reporter_hash
from comments.services import comment_report, comment_set_status

READER_IP = "198.51.100.7"


@pytest.fixture
def comment(article, make_comment):
    return make_comment(article, body="Buy the miracle cure at my shop.")


@pytest.fixture
def report(db):
    """Send a reader's report from the address `ip` (a new browser each time: no cookie)."""

    def send(comment, reason="advertising", *, ip=READER_IP, **headers):
        return Client().post(
            f"/comments/{comment.pk}/report/", {"reason": reason}, REMOTE_ADDR=ip, **headers
        )

    return send


@pytest.fixture
def mods(settings):
    settings.COMMENTS_MODERATOR_EMAILS = ["mods@example.org"]


def test_report_page_shows_the_comment_and_a_reason_for_each_choice(client, comment):
    response = client.get(f"/comments/{comment.pk}/report/")
    assert response.status_code == 200
    assert "Buy the miracle cure at my shop." in response.text
    assert "<legend" in response.text
    for _value, label in CommentReport.Reason.choices:
        assert label.replace("'", "&#x27;") in response.text
    assert response.text.count('type="radio"') == len(CommentReport.Reason.choices)


def test_report_pages_are_for_one_reader_and_never_kept(client, comment):
    response = client.get(f"/comments/{comment.pk}/report/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" not in response.text
    assert not response.cookies


def test_report_is_stored_with_its_reason_and_without_the_address(report, comment):
    response = report(comment, "dangerous")
    assert response.status_code == 302
    assert response["Location"] == f"/comments/{comment.pk}/report/thanks/"
    stored = CommentReport.objects.get(comment=comment)
    assert stored.reason == "dangerous"
    assert READER_IP not in stored.reporter
    assert stored.reporter == reporter_hash(comment.pk, READER_IP)


def test_reader_who_reported_is_thanked(report, comment):
    report(comment)
    response = Client().get(f"/comments/{comment.pk}/report/thanks/", REMOTE_ADDR=READER_IP)
    assert response.status_code == 200
    assert "Thank you: a moderator will look at it." in response.text
    assert comment.article.get_absolute_url() in response.text


def test_thanks_page_is_not_found_by_a_reader_who_did_not_report(report, comment):
    report(comment)
    response = Client().get(f"/comments/{comment.pk}/report/thanks/", REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 404


def test_report_without_a_reason_asks_for_one_and_stores_nothing(report, comment):
    response = report(comment, "")
    assert response.status_code == 400
    assert "Choose what is wrong with the comment." in response.text
    assert not CommentReport.objects.exists()


def test_report_with_an_unknown_reason_is_refused(report, comment):
    assert report(comment, "boring").status_code == 400
    assert not CommentReport.objects.exists()


def test_same_reader_reporting_twice_is_answered_alike_and_counts_once(report, comment):
    assert report(comment, "advertising").status_code == 302
    assert report(comment, "abusive").status_code == 302
    assert list(comment.reports.values_list("reason", flat=True)) == ["advertising"]


def test_one_readers_reports_of_two_comments_cannot_be_linked(article, make_comment, report):
    first, second = make_comment(article), make_comment(article)
    report(first)
    report(second)
    assert first.reports.get().reporter != second.reports.get().reporter


def test_two_reports_leave_the_comment_published(report, comment):
    report(comment, ip="192.0.2.1")
    report(comment, ip="192.0.2.2")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_third_distinct_reader_hides_the_comment_for_review(report, comment, mods):
    report(comment, "advertising", ip="192.0.2.1")
    report(comment, "advertising", ip="192.0.2.2")
    report(comment, "abusive", ip="192.0.2.3")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.status_reason == (
        "Hidden after 3 reports: advertising or spam (2), abusive or hateful (1)"
    )
    assert comment.moderated_by is None


def test_hidden_comment_leaves_the_public_page_at_once(report, comment, mods):
    article_url = comment.article.get_absolute_url()
    assert comment.body in Client().get(article_url).text  # the page is now kept
    for ip in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        report(comment, ip=ip)
    assert comment.body not in Client().get(article_url).text


def test_the_reader_who_hid_the_comment_is_still_thanked(report, comment, mods):
    for ip in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        report(comment, ip=ip)
    response = Client().get(f"/comments/{comment.pk}/report/thanks/", REMOTE_ADDR="192.0.2.3")
    assert response.status_code == 200


def test_moderators_are_emailed_once_when_reports_hide_a_comment(
    comment, mods, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for reader in ("a", "b", "c", "d"):
            comment_report(comment, reason="abusive", reporter=reader)
    assert len(mailoutbox) == 1
    assert "Hidden after 3 reports: abusive or hateful (3)" in mailoutbox[0].body


def test_reports_made_before_a_moderator_approved_again_are_not_counted_again(
    comment, moderator, mods
):
    for reader in ("a", "b", "c"):
        comment_report(comment, reason="abusive", reporter=reader)
    comment_set_status(Comment.objects.filter(pk=comment.pk), status="approved", by=moderator)
    comment.refresh_from_db()
    comment_report(comment, reason="abusive", reporter="d")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_rate_limited_report_answers_429_and_stores_nothing(
    settings, article, make_comment, report
):
    settings.COMMENTS_REPORT_RATE_LIMIT = (2, 3600)
    comments = [make_comment(article) for _ in range(3)]
    assert report(comments[0]).status_code == 302
    assert report(comments[1]).status_code == 302
    response = report(comments[2])
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "this one was not recorded" in response.text
    assert CommentReport.objects.count() == 2


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_a_comment_readers_do_not_see_cannot_be_reported(report, article, make_comment, status):
    comment = make_comment(article, status=status)
    assert Client().get(f"/comments/{comment.pk}/report/").status_code == 404
    assert report(comment).status_code == 404
    assert not CommentReport.objects.exists()


def test_a_reply_under_a_hidden_comment_cannot_be_reported(report, article, make_comment):
    parent = make_comment(article, status="pending")
    reply = make_comment(article, parent=parent)
    assert report(reply).status_code == 404


def test_an_id_beyond_any_comment_is_not_found(client, db):
    assert client.get(f"/comments/{2**64}/report/").status_code == 404


def test_report_sent_from_another_site_is_refused(report, comment):
    response = report(comment, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert not CommentReport.objects.exists()


def test_each_published_comment_links_to_its_report_page(article, make_comment):
    comment = make_comment(article)
    make_comment(article, status="pending", body="Not shown.")
    text = Client().get(article.get_absolute_url()).text
    assert f'href="/comments/{comment.pk}/report/" rel="nofollow">Report' in text
    assert text.count('class="comment__report"') == 1
