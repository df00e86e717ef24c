"""Rate limit per IP address and per email, counted in the cache backend the settings
configure (local memory here, Redis in CI and production: the test does not replace it), and
the client IP that it and the comment record use."""

import pytest
from django.test import RequestFactory

from comments.models import Comment
from comments.ratelimit import client_ip


def post_url(article):
    return f"/articles/{article.slug}/comments/"


@pytest.fixture
def limit_of_two(settings):
    settings.COMMENTS_RATE_LIMIT = (2, 600)


def post_as(client, article, comment_data, *, ip, email, body="Hello"):
    data = {**comment_data, "author_email": email, "body": body}
    return client.post(post_url(article), data, REMOTE_ADDR=ip)


def test_the_counts_live_in_the_shared_cache(client, article, comment_data, limit_of_two, settings):
    for _ in range(3):
        post_as(client, article, comment_data, ip="198.51.100.1", email="a@x.example")
    # Another, empty cache: its key prefix on Redis, its own store in local memory.
    default = settings.CACHES["default"]
    emptied = {**default, "KEY_PREFIX": f"{default.get('KEY_PREFIX', '')}-emptied"}
    if not default["BACKEND"].endswith("RedisCache"):
        emptied["LOCATION"] = f"{default.get('LOCATION', '')}-emptied"
    settings.CACHES = {**settings.CACHES, "default": emptied}
    response = post_as(client, article, comment_data, ip="198.51.100.1", email="a@x.example")
    assert response.status_code == 302


def test_posts_over_the_limit_from_one_ip_get_429_and_keep_the_text(
    client, article, comment_data, limit_of_two
):
    for number in range(2):
        response = post_as(
            client, article, comment_data, ip="198.51.100.1", email=f"{number}@x.example"
        )
        assert response.status_code == 302
    response = post_as(
        client, article, comment_data, ip="198.51.100.1", email="c@x.example", body="Third one"
    )
    assert response.status_code == 429
    assert "You have posted several comments in a short time" in response.text
    assert "Third one" in response.text
    assert int(response["Retry-After"]) > 0
    assert Comment.objects.filter(article=article).count() == 2


def test_posts_over_the_limit_with_one_email_get_429_from_any_ip(
    client, article, comment_data, limit_of_two
):
    for number in range(2):
        post_as(client, article, comment_data, ip=f"198.51.100.{number}", email="a@x.example")
    response = post_as(client, article, comment_data, ip="198.51.100.9", email="A@x.example")
    assert response.status_code == 429


def test_other_posters_are_not_limited_by_someone_elses_posts(
    client, article, comment_data, limit_of_two
):
    for _ in range(3):
        post_as(client, article, comment_data, ip="198.51.100.1", email="a@x.example")
    response = post_as(client, article, comment_data, ip="198.51.100.2", email="b@x.example")
    assert response.status_code == 302


def test_invalid_posts_do_not_use_up_the_limit(client, article, comment_data, limit_of_two):
    for _ in range(3):
        post_as(client, article, comment_data, ip="198.51.100.1", email="not-an-email")
    response = post_as(client, article, comment_data, ip="198.51.100.1", email="a@x.example")
    assert response.status_code == 302


def test_a_limit_of_zero_turns_the_rate_limit_off(client, article, comment_data, settings):
    settings.COMMENTS_RATE_LIMIT = (0, 600)
    for _ in range(7):
        response = post_as(client, article, comment_data, ip="198.51.100.1", email="a@x.example")
    assert response.status_code == 302


def request_from(remote_addr, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().post("/", REMOTE_ADDR=remote_addr, **headers)


def test_client_ip_is_the_socket_address_by_default():
    assert client_ip(request_from("203.0.113.5")) == "203.0.113.5"


def test_forged_forwarded_for_header_changes_nothing_without_a_trusted_proxy():
    assert client_ip(request_from("203.0.113.5", forwarded="1.2.3.4")) == "203.0.113.5"


def test_forwarded_for_is_read_when_the_request_comes_from_a_trusted_proxy(settings):
    settings.COMMENTS_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from("10.0.0.2", forwarded="203.0.113.7")) == "203.0.113.7"


def test_client_ip_is_the_nearest_address_the_trusted_proxies_did_not_add(settings):
    """A client can put anything at the left of X-Forwarded-For; only the right end is true."""
    settings.COMMENTS_TRUSTED_PROXIES = ["10.0.0.2", "10.0.0.3"]
    request = request_from("10.0.0.2", forwarded="1.2.3.4, 203.0.113.7, 10.0.0.3")
    assert client_ip(request) == "203.0.113.7"


def test_garbage_in_forwarded_for_gives_no_ip_rather_than_an_error(settings):
    settings.COMMENTS_TRUSTED_PROXIES = ["10.0.0.2"]
    assert client_ip(request_from("10.0.0.2", forwarded="not-an-ip")) is None


def test_comment_records_the_client_ip_behind_a_trusted_proxy(
    client, article, comment_data, settings
):
    settings.COMMENTS_TRUSTED_PROXIES = ["127.0.0.1"]
    client.post(post_url(article), comment_data, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert Comment.objects.get(article=article).ip_address == "203.0.113.7"
