"""The form answers where the reader is: every answer to a post that stores nothing is a box
at the top of the form that the browser lands on (the form's action ends in #comment-answer)
and focuses, the page's title says what happened, everything typed is kept, and a reply says
whom it answers at the top of the form."""

import re

import pytest
from django.test import Client

from comments.forms import REPLY_REFUSED_MESSAGE, STALE_FORM_MESSAGE
from comments.models import Comment
from comments.views import RATE_LIMITED_MESSAGE


def post_url(article):
    return f"/articles/{article.slug}/comments/"


def answer_box(html):
    """The opening tag of the answer the browser lands on, and what follows it up to the form."""
    start = html.index('id="comment-answer"')
    start = html.rindex("<", 0, start)
    return html[start : html.index('id="comment-form"', start)]


def title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S)[1].strip()


def test_the_forms_action_ends_in_the_answers_anchor(client, article):
    text = client.get(article.get_absolute_url()).text
    assert f'action="{post_url(article)}#comment-answer"' in text
    assert 'id="comment-answer"' not in text  # the public page answers nothing


def test_the_public_page_is_the_same_for_every_reader(article):
    first = Client().get(article.get_absolute_url()).content
    assert Client().get(article.get_absolute_url()).content == first


def test_field_errors_are_summarised_above_the_form_with_links_to_their_fields(
    client, article, comment_data
):
    response = client.post(post_url(article), {**comment_data, "author_email": "", "body": ""})
    box = answer_box(response.text)
    assert "There are 2 problems with your comment" in box
    assert '<a href="#id_author_email">Please enter your email address.' in box
    assert '<a href="#id_body">Please write your comment.</a>' in box
    assert box.index("#id_author_email") < box.index("#id_body")  # in the form's order


def test_one_problem_is_said_in_the_singular(client, article, comment_data):
    response = client.post(post_url(article), {**comment_data, "body": ""})
    assert "There is a problem with your comment" in answer_box(response.text)


def test_the_summary_takes_the_focus_and_is_announced(client, article, comment_data):
    response = client.post(post_url(article), {**comment_data, "body": ""})
    opening = answer_box(response.text).split(">", 1)[0]
    assert 'tabindex="-1"' in opening
    assert "autofocus" in opening
    assert 'role="alert"' in opening
    assert 'aria-labelledby="comment-answer-title"' in opening


def test_an_error_answer_says_so_in_the_title(client, article, comment_data):
    response = client.post(post_url(article), {**comment_data, "body": ""})
    assert title(response.text).startswith("Error: check your comment · ")


def test_every_field_typed_is_kept_the_checkboxes_too(client, article, comment_data):
    ticked = ["notify_on_approval", "notify_on_reply", "email_status_link", "remember_me"]
    data = {**comment_data, "author_url": "https://maria.example", "author_email": "bad"}
    response = client.post(post_url(article), {**data, **dict.fromkeys(ticked, "on")})
    text = response.text
    assert 'value="Maria"' in text
    assert 'value="bad"' in text
    assert 'value="https://maria.example"' in text
    assert "My left eye started twitching last spring.\n\nBotox helped me a lot." in text
    for name in ticked:
        assert re.search(rf'<input type="checkbox" name="{name}"[^>]* checked>', text), name


def test_a_fields_message_is_tied_to_the_field(client, article, comment_data):
    response = client.post(post_url(article), {**comment_data, "author_email": "bad"})
    field = re.search(r'<input type="email" name="author_email"[^>]*>', response.text)[0]
    assert 'aria-invalid="true"' in field
    assert "id_author_email_error" in re.search(r'aria-describedby="([^"]*)"', field)[1]
    assert 'id="id_author_email_error"' in response.text


def test_the_rate_limit_answer_is_summarised_and_titled(client, article, comment_data, settings):
    settings.COMMENTS_RATE_LIMIT = (1, 600)
    client.post(post_url(article), comment_data)
    response = client.post(post_url(article), {**comment_data, "body": "A second story."})
    assert response.status_code == 429
    assert RATE_LIMITED_MESSAGE in answer_box(response.text)
    assert title(response.text).startswith("Error: please wait before posting again · ")
    assert "A second story." in response.text


def test_a_stale_form_is_summarised(client, article, comment_data):
    response = client.post(post_url(article), {**comment_data, "timestamp": "forged"})
    assert STALE_FORM_MESSAGE in answer_box(response.text)
    assert not Comment.objects.filter(article=article).exists()


def test_a_refused_reply_is_summarised(client, article, comment_data, make_comment):
    pending = make_comment(article, status=Comment.Status.PENDING)
    response = client.post(post_url(article), {**comment_data, "parent": pending.pk})
    assert REPLY_REFUSED_MESSAGE in answer_box(response.text)


def test_a_refusal_of_a_closed_article_lands_on_the_kept_text(client, make_article, comment_data):
    article = make_article(comments_enabled=False)
    response = client.post(post_url(article), comment_data)
    assert response.status_code == 403
    box = response.text[response.text.index('id="comment-answer"') :]
    assert "your comment was not posted" in box
    assert "My left eye started twitching last spring." in box
    assert title(response.text).startswith("Error: comments are closed · ")


@pytest.mark.parametrize(
    "fields", [{"body": ""}, {"preview": "Preview"}, {"body": "Call me on 020 7946 0958."}]
)
def test_answers_are_for_the_poster_alone(client, article, comment_data, fields):
    response = client.post(post_url(article), {**comment_data, **fields})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


# Replying


@pytest.fixture
def shirley(article, make_comment):
    return make_comment(article, author_name="Shirley", body="I have lived with it for years.")


def form_section(html):
    start = html.index('<section class="comment-form"')
    return html[start : html.index("</form>", start)]


def test_the_public_form_is_headed_leave_a_comment(client, article, shirley):
    section = form_section(client.get(article.get_absolute_url()).text)
    assert ">Leave a comment</h2>" in section
    assert re.search(r'<p class="comment-form__replying" hidden>', section)


def test_a_reply_link_page_heads_the_form_with_whom_it_answers(client, article, shirley):
    section = form_section(client.get(f"{article.get_absolute_url()}?replytocom={shirley.pk}").text)
    assert ">Reply to Shirley</h2>" in section
    assert 'data-leave="Leave a comment"' in section  # what comments.js restores on cancel


def test_the_replying_context_is_at_the_top_of_the_form(client, article, shirley):
    section = form_section(client.get(f"{article.get_absolute_url()}?replytocom={shirley.pk}").text)
    form = section[section.index('id="comment-form"') :]
    assert "Replying to <strong" in form
    assert form.index("Replying to") < form.index('name="author_name"')


def test_an_answer_to_a_reply_stays_headed_with_whom_it_answers(
    client, article, shirley, comment_data
):
    response = client.post(post_url(article), {**comment_data, "parent": shirley.pk, "body": ""})
    section = form_section(response.text)
    assert ">Reply to Shirley</h2>" in section
    assert f'<input type="hidden" name="parent" value="{shirley.pk}">' in section
