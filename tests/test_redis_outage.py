"""Redis stops under a running site, then comes back (issue 13, finding 12).

Redis holds a cache (kept pages, rate-limit counts), never the comments. While it is away every
page is served from the database, a post is stored (the rate limit is skipped, and logged), a
moderator stays signed in (sessions live in the database alone), /healthz says 200 and /readyz
503; once it is back, everything answers as before, without restarting gunicorn.

The test starts a Redis of its own, on a free port with nothing saved to disk, and a gunicorn
of the site on a SQLite database in its tmp_path; it stops both.
"""

import contextlib
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest
import redis

from tests.servers import Browser, FormParser, free_port, gunicorn, in_ci, manage, site_env

REDIS_SERVER = "/usr/bin/redis-server"
ARTICLE = "/articles/hemifacial-spasm/"
FAST = 5  # seconds: the most any answer may take while Redis is away (socket timeouts are 2 s)
PASSWORD = "a-long-password-for-the-outage"


class RedisServer:
    """A throwaway redis-server on 127.0.0.1:`port`, storing nothing on disk; it can be stopped
    and started again on the same port."""

    def __init__(self, folder):
        self.folder, self.port, self.process = Path(folder), free_port(), None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        command = [
            REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(self.folder), "--daemonize", "no",
            "--logfile", str(self.folder / "redis.log"),
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start: {self.log()}")
            time.sleep(0.05)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def answers(self):
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock,
        ):
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
        return False

    def log(self):
        path = self.folder / "redis.log"
        return path.read_text() if path.exists() else ""


@pytest.fixture
def redis_server(tmp_path):
    if not Path(REDIS_SERVER).is_file():
        message = f"{REDIS_SERVER} is missing (Debian's redis-server package)"
        if in_ci():
            pytest.fail(f"CI must run the Redis outage test: {message}.")
        pytest.skip(message)
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def site(tmp_path, redis_server, collected_static):
    """The site under gunicorn (2 workers) on a SQLite database of its own and that Redis."""
    env = site_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        REDIS_URL=redis_server.url,
        CACHE_KEY_PREFIX="hfs-outage",
        DJANGO_SECRET_KEY_FILE=str(tmp_path / "secret"),
        COMMENTS_MIN_SECONDS="0",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    # The moderator signs in with a password alone (no second factor is set up).
    for name in ("CACHE_URL", "DATABASE_TEST_NAME", "ADMIN_REQUIRE_2FA"):
        env.pop(name, None)
    manage("migrate", "--noinput", env=env)
    manage("createsuperuser", "--noinput", "--username", "mod", "--email", "m@example.com", env=env)
    with gunicorn(env, workers=2, log_dir=tmp_path) as url:
        yield url


def kept_in_redis(redis_server):
    """The keys of the article pages kept in that Redis."""
    with redis.Redis(port=redis_server.port) as client:
        return client.keys("*article-page:*")


def timed(call, *args):
    """(seconds taken, answer) of one request."""
    start = time.monotonic()
    answer = call(*args)
    return time.monotonic() - start, answer


def log_in(browser, url):
    login = f"{url}/admin/login/?next=/admin/"
    status, _, html = browser.get(login)
    assert status == 200, status
    form = FormParser("login-form")
    form.feed(html)
    data = {**form.fields, "username": "mod", "password": PASSWORD}
    status, headers, body = browser.post(login, data, referer=login)
    assert status == 302 and headers["Location"] == "/admin/", (status, body[:500])


def post_comment(url, body, email):
    """A new reader posts the article's form; returns the answer."""
    poster = Browser()
    article = url + ARTICLE
    form = poster.comment_form(article)
    data = {**form, "author_name": "Sam Outage", "author_email": email, "body": body}
    return poster, poster.post(f"{article}comments/", data, referer=article)


def check_every_page(url, moderator, when, *, redis_up):
    """Every page a reader or a moderator asks for: never a 500, each within FAST seconds.
    Returns the address of the poster's private page of the comment posted."""
    for path in (
        ARTICLE, ARTICLE, "/", "/about/", f"{ARTICLE}?page=1", "/search/?q=botox",
        "/feeds/articles.rss", "/feeds/articles/hemifacial-spasm/comments.rss",
        "/sitemap.xml", "/robots.txt", "/healthz",
    ):  # fmt: skip
        seconds, (status, _, body) = timed(Browser().get, url + path)
        assert status == 200, (path, status, body[:500])
        assert seconds < FAST, (path, seconds)

    text = f"Posted {when} the Redis outage: my eyelid twitches."
    email = f"sam-{when}@example.com"  # a new commenter each time: the comment waits
    seconds, (poster, (status, headers, body)) = timed(post_comment, url, text, email)
    assert seconds < FAST, ("post", seconds)
    # The comment is stored (in the database), and its poster sent to their private page.
    assert status == 302, (status, body[:500])
    private = urllib.parse.urljoin(url + ARTICLE, headers["Location"])
    assert "moderation-hash=" in private
    seconds, (status, headers, body) = timed(poster.get, private)
    assert status == 200 and seconds < FAST, (status, seconds)
    assert text in body and "awaiting moderation" in body
    assert "no-store" in headers["Cache-Control"]

    # The moderator, signed in while Redis was up, is still signed in, sees the comment and
    # approves it: a new page version, so the article page is rendered afresh from the database
    # (the kept copies of every worker are of the old version) and kept again.
    changelist = f"{url}/admin/comments/comment/?status__exact=pending"
    seconds, (status, _, body) = timed(moderator.get, changelist)
    assert status == 200 and seconds < FAST, (status, seconds, body[:500])
    pk = urllib.parse.parse_qs(urllib.parse.urlsplit(private).query)["unapproved"][0]
    assert f'name="_selected_action" value="{pk}"' in body
    form = FormParser("changelist-form")
    form.feed(body)
    data = {
        **form.fields,
        "action": form.options["action"]["Approve"],
        "_selected_action": pk,
        "index": "0",
    }
    seconds, (status, _, body) = timed(moderator.post, changelist, data, changelist)
    assert status == 302 and seconds < FAST, (status, seconds, body[:500])
    for _ in range(4):  # whichever worker answers
        seconds, (status, _, body) = timed(Browser().get, url + ARTICLE)
        assert status == 200 and seconds < FAST, (status, seconds)
        assert text in body

    seconds, (status, headers, body) = timed(Browser().get, f"{url}/readyz")
    assert seconds < FAST, ("readyz", seconds)
    if redis_up:
        assert status == 200, body
    else:
        assert status == 503 and '"cache": "unavailable"' in body, (status, body)
        assert headers["Retry-After"]
    return private


def test_the_site_serves_readers_and_moderators_while_redis_is_down_and_recovers(
    site, redis_server
):
    url = site
    moderator = Browser()
    log_in(moderator, url)
    private = check_every_page(url, moderator, "before", redis_up=True)
    # The article page is kept: the same ETag twice, its copy in Redis.
    etags = {Browser().get(url + ARTICLE)[1]["ETag"] for _ in range(2)}
    assert len(etags) == 1 and None not in etags
    assert kept_in_redis(redis_server), "no article page kept in Redis"

    redis_server.stop()
    assert not redis_server.answers()
    check_every_page(url, moderator, "during", redis_up=False)
    seconds, (status, _, _) = timed(Browser().get, private)  # posted while Redis was up
    assert status == 200 and seconds < FAST
    # A moderator signing in afresh while Redis is away: signed in, no 500.
    log_in(Browser(), url)

    redis_server.start()
    check_every_page(url, moderator, "after", redis_up=True)
    # The restarted Redis is empty: the pages are kept there again.
    assert kept_in_redis(redis_server), "no article page kept in Redis once it is back"
