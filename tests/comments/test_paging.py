"""Comment pages: COMMENTS_PER_PAGE top-level comments a page, replies with their thread, plain
links between pages, every comment's permalink leading to its page, a 404 for a page that
does not exist, and a page costing the same few queries at any comment count."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from comments.links import moderation_hash
from comments.listing import build_comment_page
from comments.models import Comment

START = timezone.now() - timezone.timedelta(days=30)


def post_url(article):
    return f"/articles/{article.slug}/comments/"


def shown_ids(response):
    return [
        int(pk) for pk in re.findall(r'<li class="comment[^"]*" id="comment-(\d+)"', response.text)
    ]


def json_ld(response):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    return json.loads(block.group(1))


def populate(article, count):
    """`count` approved comments a minute apart: every fifth a reply, every tenth a reply to a
    reply (three levels), as a busy article has them. Returns them, oldest first."""
    made = []
    for index in range(count):
        parent = None
        if index % 10 == 9:
            parent = made[index - 5]
        elif index % 10 == 4:
            parent = made[index - 2]
        made.append(
            Comment.objects.create(
                article=article,
                parent=parent,
                author_name=f"Reader {index}",
                author_email=f"reader{index}@example.com",
                body=f"Story number {index}.",
                created_at=START + timezone.timedelta(minutes=index),
                status=Comment.Status.APPROVED,
            )
        )
    return made


@pytest.fixture
def per_page(settings):
    settings.COMMENTS_PER_PAGE = 3
    return 3


@pytest.fixture
def seven(article, make_comment, per_page):
    """Seven top-level comments, a minute apart: pages of 3, 3 and 1."""
    return [
        make_comment(
            article, body=f"Top {index}", created_at=START + timezone.timedelta(minutes=index)
        )
        for index in range(7)
    ]


# Pages


def test_first_page_shows_the_oldest_top_level_comments(client, article, seven):
    assert shown_ids(client.get(article.get_absolute_url())) == [c.pk for c in seven[:3]]


def test_later_pages_show_the_next_comments(client, article, seven):
    url = article.get_absolute_url()
    assert shown_ids(client.get(f"{url}?page=2")) == [c.pk for c in seven[3:6]]
    assert shown_ids(client.get(f"{url}?page=3")) == [seven[6].pk]


def test_a_late_reply_stays_on_the_page_of_its_thread(client, article, seven, make_comment):
    reply = make_comment(article, parent=seven[0], body="A late reply")
    answer = make_comment(article, parent=reply, body="And an answer")
    url = article.get_absolute_url()
    assert shown_ids(client.get(url)) == [
        seven[0].pk,
        reply.pk,
        answer.pk,
        seven[1].pk,
        seven[2].pk,
    ]
    assert reply.pk not in shown_ids(client.get(f"{url}?page=3"))


def test_heading_counts_every_approved_comment_on_every_page(client, article, seven):
    Comment.objects.create(article=article, author_name="X", body="Waiting", status="pending")
    text = client.get(f"{article.get_absolute_url()}?page=3").text
    assert "7 comments" in text
    assert "Waiting" not in text


def test_pages_are_linked_with_plain_links(client, article, seven):
    url = article.get_absolute_url()
    text = client.get(f"{url}?page=2").text
    nav = text[text.index('<nav class="comment-pages" aria-label="Comment pages">') :]
    nav = nav[: nav.index("</nav>")]
    assert "Page 2 of 3" in nav
    assert f'href="{url}#comments" rel="prev">Older comments</a>' in nav
    assert f'href="{url}?page=3#comments" rel="next">Newer comments</a>' in nav
    assert f'href="{url}?page=2#comments" aria-current="page">2</a>' in nav


def test_first_page_links_to_no_previous_page(client, article, seven):
    text = client.get(article.get_absolute_url()).text
    assert 'rel="prev"' not in text
    assert 'rel="next"' in text


def test_one_page_of_comments_has_no_page_links(client, article, make_comment):
    make_comment(article)
    assert 'aria-label="Comment pages"' not in client.get(article.get_absolute_url()).text


def test_reply_links_keep_the_page(client, article, seven):
    text = client.get(f"{article.get_absolute_url()}?page=2").text
    assert f"?page=2&amp;replytocom={seven[3].pk}#comment-form" in text


@pytest.mark.parametrize("value", ["1", "2", "3"])
def test_every_page_number_up_to_the_last_shows_its_page(client, article, seven, value):
    response = client.get(f"{article.get_absolute_url()}?page={value}")
    assert shown_ids(response)[0] == seven[3 * (int(value) - 1)].pk


@pytest.mark.parametrize(
    "value", ["0", "-1", "abc", "", "1.5", "4", "99999", "9" * 5000, "99999999999999999999", "%00"]
)
def test_a_page_that_does_not_exist_is_not_found(client, article, seven, value):
    """Below 1, beyond the last or not a number: 404, as Django's paginated views answer
    (never a 500, and never a copy of another page kept under another address)."""
    assert client.get(f"{article.get_absolute_url()}?page={value}").status_code == 404


# Where a comment is


def test_permalink_leads_to_the_page_that_holds_the_comment(client, article, seven):
    response = client.get(seven[4].get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}?page=2#comment-{seven[4].pk}"


def test_permalink_on_the_first_page_is_the_article_address(client, article, seven):
    location = client.get(seven[0].get_absolute_url())["Location"]
    assert location == f"{article.get_absolute_url()}#comment-{seven[0].pk}"


def test_permalink_of_a_reply_leads_to_its_threads_page(client, article, seven, make_comment):
    reply = make_comment(article, parent=seven[6])
    answer = make_comment(article, parent=reply)
    location = client.get(answer.get_absolute_url())["Location"]
    assert location == f"{article.get_absolute_url()}?page=3#comment-{answer.pk}"


def test_permalink_costs_two_queries(
    client, article, seven, make_comment, django_assert_num_queries
):
    answer = make_comment(article, parent=make_comment(article, parent=seven[5]))
    with django_assert_num_queries(2):
        client.get(answer.get_absolute_url())


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_permalink_of_a_comment_readers_do_not_see_is_not_found(
    client, article, make_comment, status
):
    assert client.get(make_comment(article, status=status).get_absolute_url()).status_code == 404


def test_permalink_of_an_unknown_comment_is_not_found(client, db):
    assert client.get("/comments/999999/").status_code == 404
    assert client.get(f"/comments/{'9' * 30}/").status_code == 404


def test_permalink_leads_a_moderator_to_a_waiting_comment(moderator_client, article, make_comment):
    waiting = make_comment(article, status=Comment.Status.PENDING)
    response = moderator_client.get(waiting.get_absolute_url())
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{waiting.pk}"


def test_new_comment_redirects_to_the_posters_view_of_the_page_it_is_on(
    client, article, seven, comment_data
):
    response = client.post(post_url(article), comment_data)
    mine = Comment.objects.get(article=article, author_name="Maria")
    location = urlsplit(response["Location"])
    assert (location.path, location.fragment) == (article.get_absolute_url(), f"comment-{mine.pk}")
    query = parse_qs(location.query)
    assert (query["page"], query["unapproved"]) == (["3"], [str(mine.pk)])
    assert query["moderation-hash"] == [moderation_hash(mine)]


def test_poster_sees_their_waiting_comment_on_its_page(client, article, seven, comment_data):
    response = client.post(post_url(article), comment_data, follow=True)
    mine = Comment.objects.get(article=article, author_name="Maria")
    assert shown_ids(response) == [seven[6].pk, mine.pk]
    assert "Your comment is awaiting moderation" in response.text
    assert shown_ids(Client().get(f"{article.get_absolute_url()}?page=3")) == [seven[6].pk]


def test_waiting_comments_permalink_is_not_found_even_for_its_poster(client, article, comment_data):
    """The poster's way back to a waiting comment is their private address, not the
    permalink, which every reader shares."""
    client.post(post_url(article), comment_data)
    mine = Comment.objects.get(article=article)
    assert client.get(mine.get_absolute_url()).status_code == 404


# JSON-LD: the page's comments, the article's count


def test_json_ld_lists_only_the_comments_on_the_page(client, article, seven):
    data = json_ld(client.get(f"{article.get_absolute_url()}?page=2"))
    assert data["commentCount"] == 7
    assert [comment["text"] for comment in data["comment"]] == ["Top 3", "Top 4", "Top 5"]
    url = f"{settings.SITE_URL}{article.get_absolute_url()}?page=2#comment-{seven[3].pk}"
    assert data["comment"][0]["url"] == url


def test_json_ld_leaves_out_the_posters_waiting_comment(client, article, comment_data):
    client.post(post_url(article), comment_data)
    data = json_ld(client.get(article.get_absolute_url()))
    assert (data["commentCount"], data["comment"]) == (0, [])


def test_json_ld_of_a_big_article_holds_one_page(client, article):
    populate(article, 300)
    data = json_ld(client.get(article.get_absolute_url()))
    assert data["commentCount"] == 300
    assert 50 <= len(data["comment"]) < 300


# Queries


@pytest.mark.parametrize("count", [3, 100, 1000])
def test_article_page_costs_at_most_seven_queries_at_any_comment_count(
    client, article, count, django_assert_max_num_queries
):
    """The article's page version (for the kept copy), the article, its videos, authors,
    sources and change log, and the page's threads (replies included) with their count; the
    JSON-LD reuses them."""
    populate(article, count)
    with django_assert_max_num_queries(7):
        response = client.get(article.get_absolute_url())
    assert f"{count} comments" in response.text
    assert len(json_ld(response)["comment"]) == len(shown_ids(response))


@pytest.mark.parametrize("count", [3, 100, 1000])
def test_posters_view_costs_seven_queries(
    client, article, comment_data, count, django_assert_max_num_queries
):
    """A poster's view is rendered for them alone, never kept: the article, its videos,
    authors, sources and change log, the threads, and the comment whose moderation hash it
    checks. No session is read or written."""
    populate(article, count)
    location = client.post(post_url(article), comment_data)["Location"]
    with django_assert_max_num_queries(7):
        response = Client().get(location)
    assert "Your comment is awaiting moderation" in response.text
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("hidden_status", ["pending", "spam", "removed"])
def test_counts_leave_out_approved_replies_under_a_comment_readers_do_not_see(
    article, make_comment, hidden_status
):
    shown = make_comment(article)
    hidden = make_comment(article, status=hidden_status)
    make_comment(article, parent=shown)  # counted
    under_hidden = make_comment(article, parent=hidden)  # approved, but not shown
    make_comment(article, parent=under_hidden)  # two levels under: not shown either
    make_comment(article, parent=make_comment(article, parent=shown))  # two counted
    make_comment(article, status="pending")  # a top-level comment waiting: not counted
    assert Comment.objects.filter(article=article).approved().count() == 4
    article.refresh_from_db()
    assert article.comment_count == 4
    page = build_comment_page(article)
    assert (page.approved_count, page.page.paginator.count) == (4, 1)
    own = make_comment(article, status="pending")
    page = build_comment_page(article, own_ids=[own.pk, under_hidden.pk])
    assert [c.pk for c in page.threads] == [shown.pk, own.pk]
    assert (page.approved_count, page.page.paginator.count) == (4, 2)
