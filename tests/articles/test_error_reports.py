"""“Report an error in this article”: a short form whose reports wait for the editors in the
admin, protected as the comment form is (no CSRF token but cross-site posts refused, a
honeypot, a signed time, a rate limit per reader address), its text kept whenever it comes
back."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from articles.error_report_views import signed_shown_at
from articles.models import Article, ErrorReport

READER_IP = "198.51.100.7"


def form_url(article):
    return reverse("articles:report_error", kwargs={"slug": article.slug})


def thanks_url(article):
    return reverse("articles:report_error_thanks", kwargs={"slug": article.slug})


@pytest.fixture
def report_data():
    """What a reader sends: the form shown a minute ago, as a person fills it in."""
    return {
        "text": "The article says botulinum toxin lasts a year; it is three to four months.",
        "email": "reader@example.org",
        "website": "",
        "shown_at": signed_shown_at(time.time() - 60),
    }


@pytest.fixture
def send(db):
    """Send a report from the address `ip`, from a new browser each time (no cookie)."""

    def post(article, data, *, ip=READER_IP, **headers):
        return Client().post(form_url(article), data, REMOTE_ADDR=ip, **headers)

    return post


def test_the_form_asks_what_is_wrong_and_an_optional_email(client, article):
    response = client.get(form_url(article))
    assert response.status_code == 200
    assert "<title>Report an error · Hemifacial Spasm</title>" in response.text
    assert '<label class="form-label" for="id_text">What is wrong?</label>' in response.text
    assert '<label class="form-label" for="id_email">Your email (optional)</label>' in response.text
    assert f'In <a href="{article.get_absolute_url()}">{article.title}</a>.' in response.text


def test_the_form_is_for_one_reader_and_never_kept(client, article):
    response = client.get(form_url(article))
    assert response["Cache-Control"] == "private, no-store"
    assert "csrfmiddlewaretoken" not in response.text
    assert not response.cookies


def test_a_report_is_stored_for_the_editors_and_the_reader_thanked(send, article, report_data):
    response = send(article, report_data)
    assert response.status_code == 302
    assert response["Location"] == thanks_url(article)
    report = ErrorReport.objects.get()
    assert (report.article, report.email) == (article, "reader@example.org")
    assert report.text.startswith("The article says botulinum toxin lasts a year")
    assert report.handled_at is None


def test_the_thanks_page_says_the_editors_will_read_it_and_leads_back(client, article):
    response = client.get(thanks_url(article))
    assert "<title>Thank you for your report · Hemifacial Spasm</title>" in response.text
    assert "Thank you: the editors will read your report." in response.text
    assert f'<a href="{article.get_absolute_url()}">Back to “{article.title}”</a>' in response.text
    assert response["Cache-Control"] == "private, no-store"


def test_the_email_is_optional(send, article, report_data):
    report_data["email"] = ""
    assert send(article, report_data).status_code == 302
    assert ErrorReport.objects.get().email == ""


def test_a_report_without_text_comes_back_with_what_to_fix(send, article, report_data):
    report_data["text"] = "   "
    response = send(article, report_data)
    assert response.status_code == 400
    assert "<title>Error: check your report · Report an error" in response.text
    assert '<p class="invalid-feedback" id="id_text_error">Please say what is wrong.</p>' in (
        response.text
    )
    assert 'aria-invalid="true" aria-describedby="id_text_helptext id_text_error"' in (
        response.text
    )
    assert not ErrorReport.objects.exists()


def test_a_wrong_email_comes_back_with_the_text_kept(send, article, report_data):
    report_data["email"] = "reader-at-example.org"
    response = send(article, report_data)
    assert response.status_code == 400
    assert "Please enter a valid email address, like name@example.com." in response.text
    assert "it is three to four months.</textarea>" in response.text
    assert not ErrorReport.objects.exists()


def test_a_text_longer_than_the_limit_is_refused(send, article, report_data):
    report_data["text"] = "x" * 3001
    assert send(article, report_data).status_code == 400
    assert not ErrorReport.objects.exists()


@pytest.mark.parametrize("field", ["website", "shown_at"])
def test_a_bot_is_thanked_and_nothing_is_stored(send, article, report_data, field):
    """A bot fills in the hidden field, or posts sooner than a person could read the form:
    it learns nothing from the answer."""
    filled = {"website": "https://spam.example", "shown_at": signed_shown_at()}
    response = send(article, {**report_data, field: filled[field]})
    assert response.status_code == 302
    assert response["Location"] == thanks_url(article)
    assert not ErrorReport.objects.exists()


@pytest.mark.parametrize(
    "shown_at", ["", "forged", signed_shown_at(time.time() - 2 * 24 * 3600)], ids=str
)
def test_a_stale_or_forged_form_comes_back_with_a_fresh_time_and_the_text(
    send, article, report_data, shown_at
):
    response = send(article, {**report_data, "shown_at": shown_at})
    assert response.status_code == 400
    assert "This form was open for too long, or could not be checked." in response.text
    assert "it is three to four months.</textarea>" in response.text
    assert "<title>Error: your report was not sent · Report an error" in response.text
    assert not ErrorReport.objects.exists()
    fresh = response.context["form"]["shown_at"].value()
    assert fresh != shown_at
    assert send(article, {**report_data, "shown_at": fresh}).status_code == 302
    assert ErrorReport.objects.count() == 1


def test_a_form_sent_again_at_once_after_it_came_back_is_a_readers(send, article, report_data):
    """The text is written already: sending it again straight away is not a bot's speed."""
    response = send(article, {**report_data, "email": "wrong"})
    again = {**report_data, "shown_at": response.context["form"]["shown_at"].value()}
    assert send(article, again).status_code == 302
    assert ErrorReport.objects.count() == 1


def test_reports_over_the_limit_from_one_address_get_429_and_keep_the_text(
    settings, send, article, report_data
):
    settings.ERROR_REPORT_RATE_LIMIT = (2, 3600)
    assert send(article, report_data).status_code == 302
    assert send(article, report_data).status_code == 302
    response = send(article, {**report_data, "text": "A third report."})
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "so this one was not sent" in response.text
    assert "A third report.</textarea>" in response.text
    assert ErrorReport.objects.count() == 2
    assert send(article, report_data, ip="203.0.113.50").status_code == 302


def test_a_report_sent_from_another_site_is_refused(send, article, report_data):
    response = send(article, report_data, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert not ErrorReport.objects.exists()


def test_a_report_from_this_site_needs_no_csrf_token(article, report_data):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(form_url(article), report_data, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 302
    assert ErrorReport.objects.count() == 1


def test_an_article_readers_cannot_see_has_no_report_form(send, make_article, report_data):
    draft = make_article(status=Article.Status.DRAFT)
    assert Client().get(form_url(draft)).status_code == 404
    assert Client().get(thanks_url(draft)).status_code == 404
    assert send(draft, report_data).status_code == 404
    assert not ErrorReport.objects.exists()


def test_a_report_is_never_shown_on_the_article(client, send, article, report_data):
    send(article, report_data)
    text = client.get(article.get_absolute_url()).text
    assert "three to four months" not in text
    assert "reader@example.org" not in text
