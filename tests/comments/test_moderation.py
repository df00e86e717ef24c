"""The moderation rules, in order: honeypot, typing time, blocked terms, links, known
commenter, then pending. Each is tested through a real post to the form, as a reader makes it."""

import re
import time
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from comments.forms import STALE_FORM_MESSAGE, form_timestamp
from comments.models import BlockedTerm, Comment
from comments.moderation import comments_open


def post_url(article):
    return f"/articles/{article.slug}/comments/"


@pytest.fixture
def post(client, article, comment_data):
    """Post the valid comment, with any fields replaced; returns the stored comment (or None)."""

    def send(**fields):
        extra = {key: fields.pop(key) for key in list(fields) if key.isupper()}
        client.post(post_url(article), {**comment_data, **fields}, **extra)
        return Comment.objects.filter(article=article).order_by("pk").last()

    return send


def block(kind, value):
    return BlockedTerm.objects.create(kind=kind, value=value)


# 1. Honeypot


def test_filled_honeypot_marks_the_comment_as_spam(post):
    comment = post(homepage="https://bot.example")
    assert comment.status == Comment.Status.SPAM
    assert "hidden field" in comment.status_reason


def test_bot_that_fills_the_honeypot_gets_the_same_answer_as_a_person(article, comment_data):
    person, bot = Client(), Client()
    person_response = person.post(post_url(article), comment_data, follow=True)
    bot_response = bot.post(post_url(article), {**comment_data, "homepage": "x"}, follow=True)
    assert bot_response.status_code == person_response.status_code == 200
    assert "Your comment is awaiting moderation" in bot_response.text
    location = urlsplit(bot_response.redirect_chain[0][0])
    assert (location.path, location.fragment[:8]) == (article.get_absolute_url(), "comment-")


def test_honeypot_spam_is_not_shown_to_other_readers(post, article):
    post(homepage="x")
    assert "My left eye started twitching" not in Client().get(article.get_absolute_url()).text


def test_honeypot_is_hidden_from_people_and_screen_readers(client, article):
    text = client.get(article.get_absolute_url()).text
    trap = re.search(r'<div\s+class="comment-form__trap"\s+aria-hidden="true"\s*>', text)
    field = re.search(r'<input[^>]*name="homepage"[^>]*>', text)
    assert trap and field and trap.end() < field.start()
    assert 'tabindex="-1"' in field.group(0)
    assert 'autocomplete="off"' in field.group(0)
    assert "display" not in field.group(0)  # hidden by the stylesheet, which bots rarely read


def test_stylesheet_moves_the_honeypot_off_screen(client, db):
    css = "".join(chunk.decode() for chunk in client.get("/static/css/site.css").streaming_content)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    rule = re.search(r"([^{}]*)\{ position: absolute; left: -10000px;", css)
    assert rule and ".comment-form__trap" in {selector.strip() for selector in rule[1].split(",")}


# 2. Signed timestamp


def test_form_posted_faster_than_a_person_types_is_spam(post):
    comment = post(timestamp=form_timestamp(time.time() - 1))
    assert comment.status == Comment.Status.SPAM
    assert "after the form was shown" in comment.status_reason


def test_minimum_typing_time_is_a_setting(post, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    comment = post(timestamp=form_timestamp(time.time()))
    assert comment.status == Comment.Status.PENDING


@pytest.mark.parametrize(
    "timestamp",
    [
        pytest.param(form_timestamp()[:-3] + "abc", id="tampered"),
        pytest.param("1700000000", id="unsigned"),
        pytest.param("", id="missing"),
    ],
)
def test_tampered_or_missing_timestamp_asks_to_post_again_and_keeps_the_text(
    client, article, comment_data, timestamp
):
    response = client.post(post_url(article), {**comment_data, "timestamp": timestamp})
    assert response.status_code == 200
    assert STALE_FORM_MESSAGE.split(":")[0] in response.text
    assert "My left eye started twitching last spring." in response.text
    assert not Comment.objects.filter(article=article).exists()


def test_expired_form_asks_to_post_again_and_keeps_the_text(
    client, article, comment_data, settings
):
    settings.COMMENTS_MAX_FORM_AGE = 3600
    two_hours_ago = time.time() - 7200
    with mock.patch("time.time", return_value=two_hours_ago):
        old_form = form_timestamp()
    response = client.post(post_url(article), {**comment_data, "timestamp": old_form})
    assert response.status_code == 200
    assert "This form was open for too long" in response.text
    assert "My left eye started twitching last spring." in response.text
    assert not Comment.objects.filter(article=article).exists()


def test_form_shown_again_after_a_stale_timestamp_carries_a_fresh_one(
    client, article, comment_data
):
    response = client.post(post_url(article), {**comment_data, "timestamp": "forged"})
    fresh = response.context["comment_form"]["timestamp"].value()
    assert fresh != "forged"
    assert client.post(post_url(article), {**comment_data, "timestamp": fresh}).status_code == 302


# 3. Blocked words, addresses, IPs and link domains


def test_blocked_word_marks_the_comment_as_spam_with_the_word_as_reason(post):
    block(BlockedTerm.Kind.WORD, "casino")
    comment = post(body="Try the best Casino in town.")
    assert comment.status == Comment.Status.SPAM
    assert comment.status_reason == "Contains the blocked word “casino”."


def test_blocked_word_matches_whole_words_only(post):
    block(BlockedTerm.Kind.WORD, "cash")
    assert post(body="I ate a cashew nut.").status == Comment.Status.PENDING


def test_blocked_phrase_matches_in_the_name(post):
    block(BlockedTerm.Kind.WORD, "cheap pills")
    assert post(author_name="CHEAP PILLS shop").status == Comment.Status.SPAM


def test_blocked_email_address_marks_the_comment_as_spam(post):
    block(BlockedTerm.Kind.EMAIL, "maria@example.com")
    assert post().status == Comment.Status.SPAM


def test_blocked_email_domain_blocks_every_address_at_it(post):
    block(BlockedTerm.Kind.EMAIL, "@example.com")
    assert post(author_email="Someone.Else@Example.com").status == Comment.Status.SPAM


def test_blocked_ip_address_marks_the_comment_as_spam(post):
    block(BlockedTerm.Kind.IP, "198.51.100.23")
    assert post(REMOTE_ADDR="198.51.100.23").status == Comment.Status.SPAM


def test_blocked_ip_network_blocks_every_address_in_it(post):
    block(BlockedTerm.Kind.IP, "198.51.100.0/24")
    assert post(REMOTE_ADDR="198.51.100.200").status == Comment.Status.SPAM
    other = post(REMOTE_ADDR="198.51.101.1", body="From outside the network.")
    assert other.status == Comment.Status.PENDING


def test_link_to_a_blocked_domain_or_its_subdomain_is_spam(post):
    block(BlockedTerm.Kind.DOMAIN, "pills.example")
    comment = post(body="Look at https://shop.pills.example/buy now")
    assert comment.status == Comment.Status.SPAM
    assert comment.status_reason == "Links to the blocked domain “pills.example”."


def test_website_on_a_blocked_domain_is_spam(post):
    block(BlockedTerm.Kind.DOMAIN, "pills.example")
    assert post(author_url="https://pills.example/me").status == Comment.Status.SPAM


def test_blocked_domain_does_not_match_a_longer_domain(post):
    block(BlockedTerm.Kind.DOMAIN, "pills.example")
    assert post(body="See https://nopills.example/").status == Comment.Status.PENDING


# 4. Too many links


def test_too_many_links_holds_the_comment_with_the_count_as_reason(post, settings):
    settings.COMMENTS_SPAM_FILTER = False  # it holds a bare list of links first, for its reason
    comment = post(body="https://a.example https://b.example www.c.example")
    assert comment.status == Comment.Status.PENDING
    assert comment.status_reason == "Has 3 links (more than 2): held for a moderator."


def test_too_many_links_holds_even_a_known_commenter(post, article, make_comment):
    make_comment(article, author_name="Maria", author_email="maria@example.com")
    comment = post(body="https://a.example https://b.example https://c.example")
    assert comment.status == Comment.Status.PENDING


def test_link_limit_is_a_setting(post, settings):
    settings.COMMENTS_MAX_LINKS = 0
    assert "Has 1 link" in post(body="See https://a.example").status_reason


# 5. Known commenter: the name and email of an approved comment


@pytest.fixture
def known(article, make_comment):
    """Maria (comment_data's poster) has an approved comment."""
    return make_comment(article, author_name="Maria", author_email="maria@example.com")


def test_known_commenter_is_approved_at_once(post, known):
    comment = post(author_name="  MARIA ", author_email="MARIA@example.com")
    assert comment.status == Comment.Status.APPROVED
    assert comment.status_reason.startswith("Known commenter")


def test_a_known_email_under_another_name_waits(post, known):
    """Whoever learns a regular's email is not published under a name of their choosing."""
    comment = post(author_name="Someone")
    assert comment.status == Comment.Status.PENDING
    assert comment.status_reason == (
        "Held for a moderator: this email has approved comments, but under another name."
    )


def test_a_known_name_with_another_email_waits(post, article, make_comment):
    make_comment(article, author_name="Maria", author_email="other@example.com")
    assert post().status == Comment.Status.PENDING


@pytest.mark.parametrize(
    ("fields", "brings"),
    [
        ({"body": "My story: https://a.example/maria"}, "a link"),
        # Posted as it is past the privacy check, which asks about the email address first.
        ({"body": "Write to me at maria@example.org", "privacy_confirmed": "1"}, "a link"),
        ({"author_url": "https://maria.example"}, "a website"),
        (
            {"body": "See www.a.example", "author_url": "https://maria.example"},
            "a link and a website",
        ),
    ],
)
def test_a_known_commenter_bringing_a_link_or_website_waits(post, known, settings, fields, brings):
    settings.COMMENTS_SPAM_FILTER = False  # this rule alone is tested
    comment = post(**fields)
    assert comment.status == Comment.Status.PENDING
    assert comment.status_reason == (
        f"Known commenter, but the comment has {brings}: held for a moderator."
    )


def test_commenter_with_only_unapproved_comments_is_not_known(post, article, make_comment):
    for status in ["pending", "spam", "removed"]:
        make_comment(article, author_name="Maria", author_email="maria@example.com", status=status)
    assert post().status == Comment.Status.PENDING


def test_known_commenter_approval_can_be_turned_off(post, known, settings):
    settings.COMMENTS_AUTO_APPROVE_KNOWN = False
    assert post().status == Comment.Status.PENDING


def test_spam_rules_come_before_known_commenter(post, known):
    assert post(homepage="x").status == Comment.Status.SPAM


# 6. Everything else


def test_any_other_comment_waits_for_a_moderator(post):
    comment = post()
    assert comment.status == Comment.Status.PENDING
    assert comment.status_reason == "Waiting for a moderator."


# Closing


def test_comments_stay_open_by_default_even_on_the_2010_article(seed_article):
    assert comments_open(seed_article)


def test_comments_close_the_set_number_of_days_after_publishing(make_article, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    assert comments_open(make_article(published_at=timezone.now() - timezone.timedelta(days=29)))
    assert not comments_open(
        make_article(published_at=timezone.now() - timezone.timedelta(days=31))
    )


def test_article_closed_by_age_refuses_a_post_and_keeps_the_text(
    client, make_article, comment_data, settings
):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    article = make_article(published_at=timezone.now() - timezone.timedelta(days=31))
    response = client.post(post_url(article), comment_data)
    assert response.status_code == 403
    assert "Comments are closed" in response.text
    assert "My left eye started twitching" in response.text
    assert not Comment.objects.filter(article=article).exists()
