"""The privacy check before anything is stored: a post whose text holds a phone number, an
address... comes back with what was found highlighted and why it matters; the poster edits it
(checked again) or posts it as it is. A full name is advised against, never held."""

import re
from html import unescape

import pytest
from django.core import mail

from comments.models import Comment
from comments.sensitive import EMAIL, PHONE, Finding
from comments.templatetags.comments import highlighted

PHONE_STORY = "Botox every three months helps.\n\nCall me on 020 7946 0958 if you want to talk."


def post_url(article):
    return f"/articles/{article.slug}/comments/"


def check_of(html):
    start = html.index('<section class="form-answer form-answer--check"')
    return html[start : html.index("</section>", start)]


def posted_as_it_is(html):
    """What the "Post it as it is" button sends: its form's hidden inputs, and its own value."""
    choice = html[html.index('<form class="form-answer__choice"') :]
    choice = choice[: choice.index("</form>")]
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', choice, re.S)
    button = re.search(r'<button[^>]* name="(privacy_confirmed)" value="([^"]*)"', choice)
    return {**{name: unescape(value) for name, value in fields}, button[1]: button[2]}


@pytest.fixture
def post(client, article, comment_data):
    def send(**fields):
        return client.post(post_url(article), {**comment_data, **fields})

    return send


def test_a_phone_number_holds_the_post_and_stores_nothing(
    post, article, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_MODERATOR_EMAILS = ["mods@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(body=PHONE_STORY)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert not Comment.objects.filter(article=article).exists()
    assert mail.outbox == []


def test_the_check_says_so_in_the_title_and_takes_the_focus(post):
    text = post(body=PHONE_STORY).text
    assert re.search(r"<title>\s*Check before posting · ", text)
    opening = check_of(text).split(">", 1)[0]
    assert 'id="comment-answer"' in opening
    assert 'tabindex="-1"' in opening


def test_what_was_found_is_highlighted_in_the_escaped_text_with_its_paragraphs(post):
    check = check_of(post(body="<i>Hi</i>\n\nCall 020 7946 0958 or jo@example.org").text)
    assert "<p>&lt;i&gt;Hi&lt;/i&gt;</p>" in check
    assert "<mark>020 7946 0958" in check
    assert "<mark>jo@example.org" in check
    assert '<span class="visually-hidden"> (a phone number)</span></mark>' in check


def test_one_explanation_for_each_kind_found(post):
    check = check_of(post(body="Call 020 7946 0958 or 020 7946 0959.").text)
    assert check.count("A phone number lets anyone who reads this page call or text you.") == 1


def test_a_full_name_alone_does_not_hold_the_post(post, article):
    response = post(author_name="Shirley Brown")
    assert response.status_code == 302
    assert Comment.objects.get(article=article).author_name == "Shirley Brown"


def test_a_held_post_signed_with_a_full_name_gets_a_shorter_signature_suggested(post, article):
    response = post(author_name="Shirley Brown", body=PHONE_STORY)
    assert "You could sign as <strong>“Shirley B.”</strong>" in check_of(response.text)
    assert not Comment.objects.filter(article=article).exists()


def test_the_form_below_keeps_the_text_to_edit(post):
    text = post(body=PHONE_STORY).text
    form = text[text.index('id="comment-form"') :]
    assert "Call me on 020 7946 0958 if you want to talk.</textarea>" in form
    assert "privacy_confirmed" not in form  # posting from the form is checked again


def test_post_it_as_it_is_stores_the_comment_for_moderation(client, post, article):
    answer = post(body=PHONE_STORY, notify_on_reply="on").text
    response = client.post(post_url(article), posted_as_it_is(answer))
    assert response.status_code == 302
    comment = Comment.objects.get(article=article)
    assert comment.body == PHONE_STORY
    assert comment.notify_on_reply is True
    assert comment.status == Comment.Status.PENDING


def test_post_it_as_it_is_keeps_a_reply_a_reply(client, post, article, make_comment):
    shirley = make_comment(article, author_name="Shirley")
    answer = post(body=PHONE_STORY, parent=shirley.pk).text
    client.post(post_url(article), posted_as_it_is(answer))
    assert Comment.objects.get(article=article, author_name="Maria").parent == shirley


def test_an_edited_text_is_checked_again(post, article):
    assert "form-answer--check" in post(body=PHONE_STORY.replace("0958", "0957")).text
    response = post(body="Botox every three months helps.")
    assert response.status_code == 302
    assert Comment.objects.filter(article=article).count() == 1


@pytest.mark.parametrize(
    "body",
    [
        "I have had 100 units of Botox every 3 months since 2010-2015.",
        "Dr. Jannetta's procedure (MVD) cured me on 3 May 2019.",
        "I was born in 1961 and the spasm started at 45.",
        "It is 5 miles down the road from the clinic, 2.5 ml per dose.",
        "Contact the Hemifacial Spasm Association through their website.",
    ],
)
def test_look_alikes_post_straight_through(post, article, body):
    assert post(body=body).status_code == 302
    assert Comment.objects.get(article=article).body == body


def test_the_check_comes_before_the_rate_limit(post, settings):
    settings.COMMENTS_RATE_LIMIT = (1, 600)
    assert post(body=PHONE_STORY).status_code == 200
    assert post(body=PHONE_STORY).status_code == 200  # still the check, not a 429
    assert post().status_code == 302


def test_highlighting_marks_a_span_across_paragraphs_in_each():
    text = "Flat 2,\n\n12 Baker Street"
    html = highlighted(text, [Finding(EMAIL, 0, len(text))])
    assert html.startswith("<p><mark>Flat 2,<span")
    assert "</p>\n\n<p><mark>12 Baker Street<span" in html


def test_highlighting_keeps_line_breaks_and_escapes_around_the_marks():
    text = "a<b\n020 7946 0958 & c"
    html = highlighted(text, [Finding(PHONE, 4, 17)])
    assert html == (
        "<p>a&lt;b<br><mark>020 7946 0958"
        '<span class="visually-hidden"> (a phone number)</span></mark> &amp; c</p>'
    )
