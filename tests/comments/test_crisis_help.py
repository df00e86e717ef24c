"""Crisis help at once: a reader whose comment (posted or previewed) holds words of distress is
shown help on the page that answers, whatever the moderation outcome; editors write its text;
the moderators get an urgent email. Readers of the public page never see it."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from comments.models import Comment, CrisisHelp
from comments.status_links import status_url
from comments.triage import DEFAULT_CRISIS_HELP
from tests.comments.test_poster_edit import edit

HELP_BOX = 'id="crisis-help"'
CRISIS_PHRASES = [
    "Some days I want to die.",
    "I have thought about suicide.",
    "I can't go on like this.",
    "I don't want to live with my face jumping all day and night, I want to end my life.",
    "Everyone would be better off without me.",
    "I have been cutting myself again.",
    "There is no point in living like this.",
]
LOOK_ALIKES = [
    "This twitch is killing me.",
    "Dying to know if Botox works for anyone else.",
    "I could die of embarrassment when it starts in a meeting.",
    "My nerve was killed by the surgery.",
    "I can't go on holiday without my sunglasses.",
]


def post_url(article):
    return f"/articles/{article.slug}/comments/"


@pytest.fixture
def send(article, comment_data):
    """Post the comment form with this text (and other fields); returns the response."""

    def post(body, **fields):
        return Client().post(post_url(article), {**comment_data, "body": body, **fields})

    return post


@pytest.mark.parametrize("body", CRISIS_PHRASES)
def test_a_preview_with_words_of_distress_shows_the_help_first(send, body):
    page = send(body, preview="Preview").text
    preview = page.index('id="comment-answer"')
    assert preview < page.index(HELP_BOX) < page.index("This is how your comment will look")
    assert "112 in the EU" in page


@pytest.mark.parametrize("body", LOOK_ALIKES)
def test_figures_of_speech_get_no_help_box(send, body):
    assert HELP_BOX not in send(body, preview="Preview").text


def test_a_post_in_distress_lands_on_the_help_on_the_posters_page(send, article):
    response = send("I can't go on like this.")
    assert response["Location"].endswith("#crisis-help")
    page = Client().get(response["Location"])
    assert page.text.index(HELP_BOX) < page.text.index('id="poster-notice-title"')
    assert "findahelpline.com" in page.text
    assert "no-store" in page["Cache-Control"]


def test_a_spanish_post_in_distress_lands_on_the_help_in_spanish(article, comment_data):
    reader = Client(headers={"accept-language": "es"})
    body = "Ya no puedo más con este tic, quiero morir."
    response = reader.post(post_url(article), {**comment_data, "body": body})
    assert response["Location"].endswith("#crisis-help")
    page = reader.get(response["Location"]).text
    assert HELP_BOX in page
    assert "en España, llame al 024" in page


def test_the_help_is_shown_whatever_the_moderation_outcome(send):
    response = send("I want to die.", homepage="http://bot.example")  # the honeypot's spam
    assert response["Location"].endswith("#crisis-help")
    assert HELP_BOX in Client().get(response["Location"]).text


def test_an_answer_with_an_error_shows_the_help_too(send):
    response = send("I can't go on like this.", author_email="")
    assert response.status_code == 200
    assert HELP_BOX in response.text


def test_the_rate_limit_answer_shows_the_help_too(send, settings):
    settings.COMMENTS_RATE_LIMIT = (1, 600)
    send("A first comment.")
    response = send("I can't go on like this.")
    assert response.status_code == 429
    assert HELP_BOX in response.text


def test_the_answer_of_a_closed_article_shows_the_help_too(send, article):
    article.comments_enabled = False
    article.save()
    response = send("I can't go on like this.")
    assert response.status_code == 403
    assert HELP_BOX in response.text


def test_the_status_page_shows_the_help_after_an_edit_brings_distress(article, make_comment):
    comment = make_comment(article, body="Thank you.", status=Comment.Status.PENDING)
    edit(comment, "Thank you. Some days I want to die.")
    assert HELP_BOX in Client().get(status_url(comment)).text


def test_the_status_page_shows_no_help_without_distress(article, make_comment):
    comment = make_comment(article, body="Thank you.", status=Comment.Status.PENDING)
    assert HELP_BOX not in Client().get(status_url(comment)).text


def test_a_post_without_distress_lands_on_its_comment_with_no_help(send):
    response = send("This twitch is killing me.")
    assert "#comment-" in response["Location"]
    assert HELP_BOX not in Client().get(response["Location"]).text


def test_the_public_page_never_shows_the_help(send, article, make_comment):
    send("I can't go on like this.")
    make_comment(article, body="I want to die.")  # approved, for every reader
    assert HELP_BOX not in Client().get(article.get_absolute_url()).text


def test_the_privacy_check_answer_shows_the_help_too(send):
    page = send("I want to die. Call me on 020 7946 0958.").text
    assert "Check before posting" in page
    assert HELP_BOX in page


def test_editors_text_replaces_the_default(send):
    CrisisHelp.objects.create(text="Call our partner line on 0800 000 000.")
    page = send("I want to die.", preview="Preview").text
    assert "Call our partner line on 0800 000 000." in page
    assert "112 in the EU" not in page


def test_the_help_text_keeps_paragraphs_and_links_its_addresses(send):
    page = send("I want to die.", preview="Preview").text
    assert page.count("<p>", page.index(HELP_BOX), page.index("</section>", page.index(HELP_BOX)))
    assert '<a href="http://findahelpline.com"' in page


def test_the_default_says_what_to_do_now_with_international_numbers():
    for number in ["112", "911", "999", "000", "988", "116 123", "findahelpline.com"]:
        assert number in DEFAULT_CRISIS_HELP


# The moderators' urgent email


@pytest.fixture
def moderators_told(settings, django_capture_on_commit_callbacks):
    """Post with the moderators' address set and their emails sent; returns the emails."""
    settings.COMMENTS_MODERATOR_EMAILS = ["mods@example.org"]

    def post(send, body, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            send(body, **fields)
        return mail.outbox

    return post


def test_a_comment_in_distress_emails_the_moderators_as_urgent(send, moderators_told):
    [email] = moderators_told(send, "I don't want to be alive any more.")
    assert email.subject == "Urgent: a comment with words of distress"
    assert email.extra_headers == {"Importance": "high", "X-Priority": "1"}
    assert email.to == ["mods@example.org"]
    assert "I don't want to be alive any more." in email.body
    assert "/admin/comments/comment/" in email.body


@pytest.mark.parametrize(
    "body",
    [
        "Quiero morir, no puedo más.",
        "Je n'en peux plus, je veux mourir.",
        "Ich will nicht mehr leben.",
    ],
)
def test_distress_in_spanish_french_or_german_emails_the_moderators_as_urgent(
    send, moderators_told, body
):
    [email] = moderators_told(send, body)
    assert email.subject == "Urgent: a comment with words of distress"


def test_the_urgent_emails_subject_names_no_one_and_its_body_no_address(send, moderators_told):
    [email] = moderators_told(send, "I want to die.")
    assert "Maria" not in email.subject
    assert "maria@example.com" not in email.body


def test_a_comment_without_distress_gets_the_usual_email(send, moderators_told):
    [email] = moderators_told(send, "This twitch is killing me.")
    assert not email.subject.startswith("Urgent:")


def test_an_edit_that_brings_distress_emails_the_moderators_as_urgent(
    article, make_comment, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_MODERATOR_EMAILS = ["mods@example.org"]
    comment = make_comment(article, body="Thank you.", status=Comment.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        edit(comment, "Thank you. Some days I want to die.")
    assert [email.subject for email in mail.outbox] == ["Urgent: a comment with words of distress"]


# The editors' admin


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("ed", "ed@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


ADD_URL = "/admin/comments/crisishelp/add/"


def test_an_editor_starts_from_the_default_text(editor):
    page = editor.get(ADD_URL).text
    assert "112 in the EU" in page


def test_an_editor_saves_the_sites_own_text(editor):
    response = editor.post(ADD_URL, {"text": "Please call 116 123 now."})
    assert response.status_code == 302
    assert CrisisHelp.objects.get().text == "Please call 116 123 now."


def test_there_is_one_text_at_most(editor):
    CrisisHelp.objects.create(text="Our text.")
    assert editor.get(ADD_URL).status_code == 403
