"""Posting a comment: stored pending, seen only by its poster, errors shown beside fields."""

import pytest
from django.test import Client

from comments.links import poster_url
from comments.models import Comment


def post_url(article):
    return f"/articles/{article.slug}/comments/"


def test_form_has_labelled_fields_and_a_post_button(client, article):
    text = client.get(article.get_absolute_url()).text
    for label, field in [("Name", "author_name"), ("Email", "author_email"),
                         ("Website", "author_url"), ("Comment", "body")]:  # fmt: skip
        assert f'for="id_{field}"' in text
        assert label in text
    assert 'value="Post comment"' in text
    assert "never published" in text


def test_valid_post_is_stored_pending_and_redirects_to_the_comment(client, article, comment_data):
    response = client.post(post_url(article), comment_data)
    comment = Comment.objects.get(article=article)
    assert comment.status == Comment.Status.PENDING
    assert comment.author_name == "Maria"
    assert response.status_code == 302
    assert response["Location"] == poster_url(comment)
    assert response["Location"].endswith(f"#comment-{comment.pk}")


def test_post_records_the_ip_address_and_user_agent(client, article, comment_data):
    client.post(post_url(article), comment_data, HTTP_USER_AGENT="TestBrowser/1.0")
    comment = Comment.objects.get(article=article)
    assert comment.ip_address == "127.0.0.1"
    assert comment.user_agent == "TestBrowser/1.0"


def test_poster_sees_their_comment_awaiting_moderation(client, article, comment_data):
    response = client.post(post_url(article), comment_data, follow=True)
    assert "My left eye started twitching" in response.text
    assert "Your comment is awaiting moderation" in response.text


def test_other_readers_do_not_see_a_pending_comment(client, article, comment_data):
    client.post(post_url(article), comment_data)
    other = Client().get(article.get_absolute_url()).text
    assert "My left eye started twitching" not in other
    assert "awaiting moderation" not in other
    assert "0 comments" in other


def test_comment_text_keeps_paragraphs_and_escapes_html(client, article, comment_data):
    comment_data["body"] = "First line\nsecond line\n\n<script>alert('x')</script>"
    response = client.post(post_url(article), comment_data, follow=True)
    assert "First line<br>second line" in response.text
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert" in response.text


def test_links_in_a_comment_are_not_followed_by_search_engines(client, article, make_comment):
    make_comment(article, body="See https://example.org/info", author_url="https://pat.example")
    text = client.get(article.get_absolute_url()).text
    assert '<a rel="nofollow ugc noopener" href="https://example.org/info"' in text
    assert '<a href="https://pat.example" rel="nofollow ugc noopener">Pat Reader</a>' in text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body", "", "Please write your comment."),
        ("body", "   \n  ", "Please write your comment."),
        ("author_name", "", "Please enter your name."),
        ("author_email", "", "Please enter your email address."),
        ("author_email", "not-an-email", "Please enter a valid email address"),
        ("author_name", "N" * 81, "Ensure this value has at most 80 characters"),
        ("body", "x" * 5001, "Ensure this value has at most 5000 characters"),
        ("author_url", "javascript:alert(1)", "Please enter a full web address"),
    ],
)
def test_invalid_post_shows_the_error_beside_the_field_and_keeps_the_text(
    client, article, comment_data, field, value, message
):
    comment_data[field] = value
    response = client.post(post_url(article), comment_data)
    assert response.status_code == 200
    assert message in response.text
    assert f'id="id_{field}_error"' in response.text
    form = response.context["comment_form"]
    assert form.errors[field]
    for other_field in ("author_name", "author_email", "body"):
        if other_field != field:
            assert comment_data[other_field].split("\n")[0] in response.text
    assert not Comment.objects.filter(article=article).exists()


@pytest.mark.parametrize("address", ["not a web address", "ftp://files.example.org/story"])
def test_a_bad_website_gets_its_message_once(client, article, comment_data, address):
    comment_data["author_url"] = address
    response = client.post(post_url(article), comment_data)
    assert response.context["comment_form"].errors["author_url"] == [
        "Please enter a full web address starting with http:// or https://."
    ]


def test_closed_article_refuses_a_comment_and_says_so(client, make_article, comment_data):
    article = make_article(comments_enabled=False)
    response = client.post(post_url(article), comment_data)
    assert response.status_code == 403
    assert "Comments are closed" in response.text
    assert "My left eye started twitching" in response.text
    assert not Comment.objects.filter(article=article).exists()


def test_closed_article_shows_no_form(client, make_article):
    article = make_article(comments_enabled=False)
    text = client.get(article.get_absolute_url()).text
    assert "Comments are closed" in text
    assert 'id="comment-form"' not in text


def test_unpublished_article_refuses_a_comment(client, make_article, comment_data):
    article = make_article(status="draft")
    assert client.post(post_url(article), comment_data).status_code == 404
    assert not Comment.objects.filter(article=article).exists()


def test_get_on_the_post_address_is_not_allowed(client, article):
    assert client.get(post_url(article)).status_code == 405


def test_newlines_and_invisible_characters_are_removed_from_names(client, article, comment_data):
    comment_data["author_name"] = "Eve\r\nBcc: victim@example.com\u202e\u200b"
    client.post(post_url(article), comment_data)
    assert Comment.objects.get(article=article).author_name == "Eve Bcc: victim@example.com"


def test_emoji_and_other_scripts_are_kept(client, article, comment_data):
    comment_data["author_name"] = "Zoë 张伟 🙂"
    comment_data["body"] = "Спасибо! شكرا 🙏"
    client.post(post_url(article), comment_data)
    comment = Comment.objects.get(article=article)
    assert (comment.author_name, comment.body) == ("Zoë 张伟 🙂", "Спасибо! شكرا 🙏")
