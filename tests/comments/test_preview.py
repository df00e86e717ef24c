"""Preview: the comment shown exactly as it will be published, above the form, storing
nothing; the privacy check's findings are shown with it."""

import re

import pytest
from django.core import mail

from comments.models import Comment


def post_url(article):
    return f"/articles/{article.slug}/comments/"


def preview_of(html):
    start = html.index('<section class="form-answer form-answer--preview"')
    return html[start : html.index("</section>", start)]


def card(html):
    """The first comment's name (linked to its website) and text, as the page writes them; its
    time and permalink are the stored comment's own."""
    author = re.search(r'<span class="comment__author">.*?</span>', html)[0]
    body = re.search(r'<div class="comment__body">.*?</div>', html, re.S)[0]
    return author, body


@pytest.fixture
def preview(client, article, comment_data):
    """Send the form with the Preview button; returns the response."""

    def send(**fields):
        return client.post(post_url(article), {**comment_data, "preview": "Preview", **fields})

    return send


RICH = {
    "author_name": "Maria",
    "author_url": "https://maria.example",
    "body": (
        "<b>Bold?</b> See https://example.org/info & www.hfs.example\n\nSecond paragraph\nnew line"
    ),
}


def test_preview_stores_nothing_and_sends_no_email(
    preview, article, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_MODERATOR_EMAILS = ["mods@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        response = preview(notify_on_approval="on", email_status_link="on")
    assert response.status_code == 200
    assert not Comment.objects.filter(article=article).exists()
    assert mail.outbox == []


def test_previews_do_not_count_against_the_rate_limit(
    client, preview, article, comment_data, settings
):
    settings.COMMENTS_RATE_LIMIT = (1, 600)
    preview()
    preview()
    assert client.post(post_url(article), comment_data).status_code == 302


def test_preview_shows_the_comment_exactly_as_it_will_be_published(
    client, preview, article, comment_data
):
    shown = card(preview_of(preview(**RICH).text))
    client.post(post_url(article), {**comment_data, **RICH})
    Comment.objects.filter(article=article).update(status=Comment.Status.APPROVED)
    published = client.get(article.get_absolute_url()).text
    assert shown == card(published[published.index('id="comments"') :])


def test_preview_escapes_html_links_and_keeps_paragraphs(preview):
    shown = preview_of(preview(**RICH).text)
    assert "&lt;b&gt;Bold?&lt;/b&gt;" in shown
    assert '<a rel="nofollow ugc noopener" href="https://example.org/info"' in shown
    assert '<a href="https://maria.example" rel="nofollow ugc noopener">Maria</a>' in shown
    assert "<p>Second paragraph<br>new line</p>" in shown


def test_preview_is_a_labelled_section_that_takes_the_focus(preview):
    shown = preview_of(preview().text)
    opening = shown.split(">", 1)[0]
    assert 'id="comment-answer"' in opening
    assert 'tabindex="-1"' in opening
    assert 'aria-labelledby="comment-answer-title"' in opening
    assert (
        '<h3 class="form-answer__title" id="comment-answer-title">Preview — not posted yet</h3>'
        in shown
    )


def test_preview_has_no_anchor_permalink_or_reply_link(preview):
    shown = preview_of(preview().text)
    assert 'id="comment-' not in shown.replace('id="comment-answer', "")
    assert 'class="comment__reply"' not in shown
    assert 'href="#comment-' not in shown


def test_preview_is_titled_and_keeps_the_form_filled(preview):
    text = preview(notify_on_reply="on").text
    assert re.search(r"<title>\s*Preview of your comment · ", text)
    form = text[text.index('id="comment-form"') :]
    assert 'value="Maria"' in form
    assert "Botox helped me a lot.</textarea>" in form
    assert re.search(r'name="notify_on_reply"[^>]* checked>', form)


def test_preview_of_a_form_with_errors_shows_the_errors_instead(preview):
    text = preview(body="").text
    assert "form-answer--preview" not in text
    assert "There is a problem with your comment" in text


def test_preview_shows_what_the_privacy_check_would_ask_about(preview):
    shown = preview_of(preview(body="Ring me: 020 7946 0958").text)
    assert "<mark>020 7946 0958" in shown
    assert "A phone number lets anyone who reads this page call or text you." in shown


def test_preview_button_comes_after_post_so_enter_posts(client, article):
    text = client.get(article.get_absolute_url()).text
    form = text[
        text.index('id="comment-form"') : text.index("</form>", text.index('id="comment-form"'))
    ]
    post, preview = form.index('value="Post comment"'), form.index('value="Preview"')
    assert post < preview
    assert re.search(r'type="submit"\s+name="preview"', form)


def test_preview_suggests_a_shorter_signature_for_a_full_name(preview):
    text = preview(author_name="Shirley Brown").text
    assert "You could sign as <strong>“Shirley B.”</strong>" in text
