"""Two app servers sharing one PostgreSQL database and one Redis, as behind a load balancer.

Each server is a real gunicorn with two workers, so four processes answer between them. They
run on the test database and cache prefix of this test run, which is why these tests need the
PostgreSQL + Redis run (`make test-pg`); on SQLite with a per-process cache they are skipped.
"""

import contextlib
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar

import pytest
from django.conf import settings
from django.db import connection

from comments.models import Comment
from comments.status_links import status_url
from tests.servers import FormParser, gunicorn, http_get, site_env

SHARED = settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and settings.CACHES[
    "default"
]["BACKEND"].endswith("RedisCache")

pytestmark = [
    pytest.mark.skipif(
        not SHARED, reason="needs DATABASE_URL=postgres://… and REDIS_URL=redis://… (make test-pg)"
    ),
    pytest.mark.django_db(transaction=True),
]

RATE_LIMIT = 3  # posts per IP address per hour on both servers, set below
STORY = "Posted through one server, approved through the other."


def database_url():
    """The URL of this run's test database, which the servers must share with the tests."""
    db = connection.settings_dict
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def servers(django_db_setup, collected_static):
    """Two servers for the module; yields their URLs."""
    with servers_on(f"hfs-multiprocess-{uuid.uuid4().hex}") as urls:
        yield urls


@pytest.fixture
def fresh_servers(django_db_setup, collected_static):
    """Two servers with a cache of their own: no post of another test counts."""
    with servers_on(f"hfs-multiprocess-{uuid.uuid4().hex}") as urls:
        yield urls


@contextlib.contextmanager
def servers_on(cache_key_prefix):
    env = site_env(
        DATABASE_URL=database_url(),
        REDIS_URL=settings.CACHES["default"]["LOCATION"],
        CACHE_KEY_PREFIX=cache_key_prefix,
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        COMMENTS_MIN_SECONDS="0",
        COMMENTS_RATE_LIMIT=f"{RATE_LIMIT}/1h",
    )
    env.pop("DATABASE_TEST_NAME", None)
    with gunicorn(env) as first, gunicorn(env) as second:
        yield first, second


class Visitor:
    """One browser: its cookies go to whichever server it asks, as through a load balancer."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, url):
        with self.opener.open(url, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode()

    def form(self, url, form_id):
        parser = FormParser(form_id)
        parser.feed(self.get(url)[2])
        assert parser.action is not None, f"no form #{form_id} at {url}"
        return urllib.parse.urljoin(url, parser.action), parser

    def submit(self, url, form_id, **values):
        """Fill the form found at `url` and post it; returns (status, final URL, page)."""
        action, form = self.form(url, form_id)
        data = urllib.parse.urlencode({**form.fields, **values}, doseq=True).encode()
        try:
            with self.opener.open(action, data=data, timeout=10) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode()


def post_comment(visitor, server, article, body, email="maria@example.com"):
    return visitor.submit(
        server + article.get_absolute_url(),
        "comment-form",
        author_name="Maria Lopez",
        author_email=email,
        body=body,
    )


def log_in(visitor, server, user):
    status, url, _ = visitor.submit(
        f"{server}/admin/login/?next=/admin/",
        "login-form",
        username=user.username,
        password="a-long-password",
    )
    assert (status, urllib.parse.urlsplit(url).path) == (200, "/admin/")


def approve(visitor, server, comment):
    """Run the admin's Approve action on one comment, as the changelist form does."""
    changelist = f"{server}/admin/comments/comment/?status__exact=pending"
    _, form = visitor.form(changelist, "changelist-form")
    approve_action = form.options["action"]["Approve"]
    return visitor.submit(
        changelist,
        "changelist-form",
        action=approve_action,
        _selected_action=str(comment.pk),
        index="0",
    )


def test_both_servers_are_ready_on_the_shared_database_and_cache(servers):
    for server in servers:
        status, _, body = http_get(f"{server}/readyz")
        assert status == 200, body


def test_comment_posted_on_one_server_and_approved_on_the_other_shows_on_both(
    servers, article, moderator
):
    first, second = servers
    page_path = article.get_absolute_url()
    commenter = Visitor()
    status, own_view, page = post_comment(commenter, first, article, STORY)
    assert status == 200 and "awaiting moderation" in page
    # The poster's private address is signed with the key both servers share.
    own_path = own_view.removeprefix(first)
    assert "awaiting moderation" in commenter.get(second + own_path)[2]
    # Every other reader gets the public page, now kept in the shared cache.
    for server in servers:
        assert STORY not in Visitor().get(server + page_path)[2]

    moderator_browser = Visitor()
    log_in(moderator_browser, second, moderator)
    status, _, page = approve(moderator_browser, second, Comment.objects.get(body=STORY))
    assert status == 200 and "1 comment approved." in page

    # The approval replaced the article's page version in the database: no server serves
    # the page it kept.
    reader = Visitor()
    for server in servers:
        assert STORY in reader.get(server + page_path)[2], server


def test_a_login_on_one_server_is_valid_on_the_other(servers, moderator):
    first, second = servers
    visitor = Visitor()
    log_in(visitor, first, moderator)
    _, url, page = visitor.get(f"{second}/admin/comments/comment/")
    assert urllib.parse.urlsplit(url).path == "/admin/comments/comment/"
    assert "Select comment to change" in page


def test_the_rate_limit_counts_posts_through_both_servers(fresh_servers, article):
    first, second = servers = fresh_servers
    visitor = Visitor()
    for number in range(RATE_LIMIT):
        server = servers[number % 2]
        status, _, _ = post_comment(visitor, server, article, f"Comment number {number}.")
        assert status == 200, (number, server)
    status, _, page = post_comment(visitor, second, article, "One too many.")
    assert status == 429
    assert "One too many." in page  # the text is kept for the next try
    status, _, _ = post_comment(Visitor(), first, article, "And a last one.", "other@example.com")
    assert status == 429  # the same IP address, counted through the other server
    assert Comment.objects.filter(body__startswith="Comment number").count() == RATE_LIMIT


def test_a_status_link_an_edit_and_a_withdrawal_work_through_either_server(
    servers, article, make_comment
):
    first, second = servers

    def public_page(server):
        return Visitor().get(server + article.get_absolute_url())[2]

    comment = make_comment(article, body="Written before any server saw it.")
    link = status_url(comment)
    poster = Visitor()
    for server in servers:  # the link is signed with the key every process shares
        assert "Written before any server saw it." in public_page(server)  # now kept
        status, _, page = poster.get(server + link)
        assert status == 200 and "Published." in page

    status, url, _ = poster.submit(first + link, "status-edit-form", body="Edited on the first.")
    assert (status, url) == (200, f"{first}{link}?done=edited")
    # The edit replaced the article's page version: neither server serves the page it kept.
    assert all("Edited on the first." in public_page(server) for server in servers)

    status, _, page = poster.submit(f"{second}{link}withdraw/", "status-confirm-form")
    assert status == 200 and "You withdrew this comment on" in page
    for server in servers:
        assert "Edited on the first." not in public_page(server)
        assert "You withdrew this comment on" in poster.get(server + link)[2]
