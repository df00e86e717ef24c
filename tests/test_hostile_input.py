"""Hostile and broken input: each gets a clear answer, never a 500, and leaves no half-written
row behind."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.models import Comment


def post_url(article):
    return f"/articles/{article.slug}/comments/"


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.COMMENTS_RATE_LIMIT = (100_000, 600)


def test_a_one_megabyte_comment_is_refused_beside_the_field_with_the_text_kept(
    client, article, comment_data
):
    comment_data["body"] = "x" * 1_000_000
    response = client.post(post_url(article), comment_data)
    assert response.status_code == 200
    assert "Ensure this value has at most 5000 characters (it has 1000000)" in response.text
    assert response.context["comment_form"]["body"].value() == comment_data["body"]
    assert not Comment.objects.filter(article=article).exists()


def test_a_request_larger_than_the_upload_limit_gets_a_clear_400_page(
    client, article, comment_data
):
    comment_data["body"] = "x" * 3_000_000
    response = client.post(post_url(article), comment_data)
    assert response.status_code == 400
    assert "too large" in response.text
    assert not Comment.objects.filter(article=article).exists()


def test_nul_bytes_are_refused_with_a_message(client, article, comment_data):
    comment_data["body"] = "Hello\x00world"
    response = client.post(post_url(article), comment_data)
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.text
    assert not Comment.objects.filter(article=article).exists()


def test_other_control_characters_are_dropped(client, article, comment_data):
    comment_data["body"] = "Ring\x07 the\x1b bell\x7f."
    client.post(post_url(article), comment_data)
    assert Comment.objects.get(article=article).body == "Ring the bell."


def test_invalid_utf8_does_not_break_the_form(client, article, comment_data):
    body = (
        b"author_name=Bad%FF%FEname&author_email=a%40example.com&body=%C3%28%A0%A1"
        b"&timestamp=" + comment_data["timestamp"].encode()
    )
    response = client.post(
        post_url(article), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "comment_form" in response.context


def test_a_query_string_of_ten_thousand_parameters_is_no_500(client, seed_article):
    query = "&".join(f"p{i}=v" for i in range(10_000))
    response = client.get(f"{seed_article.get_absolute_url()}?{query}")
    assert response.status_code in (200, 400)


def test_a_post_of_ten_thousand_fields_gets_the_400_page(client, article, comment_data):
    data = {**comment_data, **{f"f{i}": "v" for i in range(10_000)}}
    response = client.post(post_url(article), data)
    assert response.status_code == 400
    assert not Comment.objects.filter(article=article).exists()


@pytest.mark.parametrize(
    "path", ["/", "/articles/hemifacial-spasm/", "/no-such-page/", "/feeds/articles.rss"]
)
def test_a_host_header_not_in_allowed_hosts_gets_the_400_page(client, seed_article, path):
    response = client.get(path, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"evil.example" not in response.content


def test_a_comment_posted_with_a_forged_host_header_is_refused(client, article, comment_data):
    response = client.post(post_url(article), comment_data, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert not Comment.objects.filter(article=article).exists()


@pytest.mark.parametrize("path", ["/", "/articles/hemifacial-spasm/"])
def test_options_is_answered_with_the_allowed_methods(client, seed_article, path):
    response = client.options(path)
    assert response.status_code == 200
    assert {"GET", "HEAD"} <= {method.strip() for method in response["Allow"].split(",")}


@pytest.mark.parametrize("path", ["/", "/articles/hemifacial-spasm/"])
def test_a_method_the_page_does_not_take_is_a_405(client, seed_article, path):
    assert client.generic("TRACE", path).status_code == 405


def test_posting_to_an_unknown_article_is_a_404(client, db, comment_data):
    assert client.post("/articles/no-such-article/comments/", comment_data).status_code == 404


FIELD_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(["", " ", "\x00", "\u202e", "<script>", "a@b", "http://", "😀" * 100]),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=FIELD_TEXT, email=FIELD_TEXT, url=FIELD_TEXT, body=FIELD_TEXT)
def test_random_field_values_never_give_a_server_error(
    article, comment_data, name, email, url, body
):
    before = Comment.objects.count()
    data = {**comment_data, "author_name": name, "author_email": email, "author_url": url,
            "body": body}  # fmt: skip
    response = Client().post(post_url(article), data)
    assert response.status_code < 500
    if response.status_code == 302:
        assert Comment.objects.count() == before + 1
    else:
        assert response.status_code == 200
        assert response.context["comment_form"].errors
        assert Comment.objects.count() == before


def post_in_charset(client, article, comment_data, charset, *, encoding="utf-8"):
    """The comment form posted as a script might, its body declared in this charset."""
    data = {**comment_data, "author_name": "José", "body": "Très bien écrit, merci."}
    return client.generic(
        "POST",
        post_url(article),
        urlencode(data, encoding=encoding).encode("ascii"),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8", "x-nonsense", ""])
def test_a_form_declared_in_utf8_or_in_no_known_charset_is_read_as_utf8(
    client, article, comment_data, charset
):
    response = post_in_charset(client, article, comment_data, charset)
    assert response.status_code == 302
    comment = Comment.objects.get(article=article)
    assert (comment.author_name, comment.body) == ("José", "Très bien écrit, merci.")


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("charset", ["latin-1", "iso-8859-1", "utf-16", "cp1252"])
def test_a_form_declared_in_another_charset_gets_the_400_page(
    client, article, comment_data, settings, charset, debug
):
    """Also with DEBUG on, whose error page read the form again and answered 500."""
    settings.DEBUG = debug
    response = post_in_charset(client, article, comment_data, charset, encoding="latin-1")
    assert response.status_code == 400
    assert "Request not understood" in response.text
    assert not Comment.objects.filter(article=article).exists()
