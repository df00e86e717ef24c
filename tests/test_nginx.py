"""nginx's proxy_cache in front of two app servers, configured as docs/deploy.md shows it
(deploy/nginx/hfs.conf, run by bench/nginx.py with only its ports, cache folder and upstream
changed).

It shows what the deployment relies on: nginx keeps a public page and serves the same bytes to
every reader, answers a matching If-None-Match with a 304, never keeps a poster's private view of
their waiting comment (which no one else ever sees), and shows an approval once the page's
shared lifetime (DJANGO_PUBLIC_PAGE_MAX_AGE, a few seconds here) has passed.

The two gunicorn servers share a SQLite file of their own with the database cache; on the
PostgreSQL + Redis run (REDIS_URL set) they share a PostgreSQL database of their own and Redis,
as the several-machine shape does. Skipped when Debian's nginx is missing (`make nginx`
installs it), except in CI, where it must run.
"""

import contextlib
import http.client
import os
import re
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import redis

from bench import nginx
from tests.servers import (
    FormParser,
    free_port,
    gunicorn,
    in_ci,
    manage,
    postgres_database,
    site_env,
)

pytestmark = pytest.mark.skipif(
    not nginx.available() and not in_ci(), reason=f"{nginx.INSTALL_HINT}; skipped"
)

MAX_AGE = 3  # seconds a shared cache may keep a public page, for this test's servers
ARTICLE = "/articles/hemifacial-spasm/"
MODERATOR, PASSWORD = "nginx-moderator", "a-long-password-for-the-nginx-test"


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode()

    @property
    def cache_status(self):
        return self.headers.get("X-Cache-Status")


@dataclass
class Deployment:
    url: str  # nginx
    apps: list  # the app servers, behind it
    cache_dir: Path

    def cached_keys(self):
        """The key of every response in nginx's cache (each file's `KEY:` line)."""
        keys = []
        for path in self.cache_dir.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                start = data.find(b"\nKEY: ")
                if start >= 0:
                    keys.append(data[start + 6 : data.index(b"\n", start + 6)].decode())
        return keys

    def cached_bytes(self):
        return b"".join(p.read_bytes() for p in self.cache_dir.rglob("*") if p.is_file())


def request(method, url, *, headers=None, body=None):
    """One request with exactly these headers (no cookie jar, no redirects followed)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def get(url, **headers):
    return request("GET", url, headers=headers)


@contextlib.contextmanager
def site_database(folder):
    """The environment the app servers share: their database and cache."""
    if os.environ.get("REDIS_URL"):
        with postgres_database() as name:
            try:
                yield {
                    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
                    # Keys of their own, apart from this test process's cache; removed below.
                    "CACHE_KEY_PREFIX": name,
                }
            finally:
                client = redis.Redis.from_url(os.environ["REDIS_URL"])
                for key in client.scan_iter(f"{name}:*"):
                    client.delete(key)
    else:
        yield {"DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}"}


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, collected_static):
    """nginx with deploy/nginx/hfs.conf in front of two gunicorn servers of the site."""
    if not nginx.available():
        pytest.fail(f"CI must run the nginx tests: {nginx.INSTALL_HINT}")
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with site_database(folder) as database:
        env = site_env(
            **database,
            DJANGO_SECRET_KEY_FILE=str(folder / "secret"),
            DJANGO_SITE_URL=url,
            DJANGO_PUBLIC_PAGE_MAX_AGE=str(MAX_AGE),
            COMMENTS_TRUSTED_PROXIES="127.0.0.1",
            COMMENTS_RATE_LIMIT="0",
            COMMENTS_MIN_SECONDS="0",
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        )
        env.pop("DATABASE_TEST_NAME", None)
        if not os.environ.get("REDIS_URL"):
            env.pop("CACHE_URL", None)
        manage("migrate", "--noinput", env=env)
        manage("createcachetable", env=env)
        manage(
            "createsuperuser", "--noinput", "--username", MODERATOR,
            "--email", "moderator@example.com", env=env,
        )  # fmt: skip
        with gunicorn(env, log_dir=folder) as first, gunicorn(env, log_dir=folder) as second:
            apps = [first, second]
            site = nginx.site_config(
                port=port,
                app_servers=[urllib.parse.urlsplit(app).netloc for app in apps],
                cache_dir=folder / "cache",
            )
            with nginx.running(folder / "nginx", site=site, ports=[port], workers=2):
                yield Deployment(url, apps, folder / "cache")


def post_comment(deployment, text, email):
    """Post the article's comment form through nginx as a browser does (Origin and
    Sec-Fetch-* headers, every field of the form); returns the answer to the POST."""
    page_url = deployment.url + ARTICLE
    form = FormParser("comment-form")
    form.feed(get(page_url).text)
    assert form.action is not None, "no comment form on the article page"
    data = {**form.fields, "author_name": "Sam Waiting", "author_email": email, "body": text}
    return request(
        "POST",
        urllib.parse.urljoin(page_url, form.action),
        body=urllib.parse.urlencode(data),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": deployment.url,
            "Referer": page_url,
            "Sec-Fetch-Site": "same-origin",
            "Sec-Fetch-Mode": "navigate",
            "Sec-Fetch-Dest": "document",
        },
    )


def a_comment(deployment):
    """Post a fresh comment; (its text, its id, the private address the poster is sent to)."""
    text = f"My spasm started in the left eye, botox helps. Note {uuid.uuid4().hex[:12]}."
    answer = post_comment(deployment, text, f"sam-{uuid.uuid4().hex[:8]}@example.com")
    assert answer.status == 302, answer.text[:2000]
    assert answer.cache_status != "HIT"
    location = urllib.parse.urljoin(deployment.url + ARTICLE, answer.headers["Location"])
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    assert urllib.parse.urlsplit(location).path == ARTICLE, location
    assert set(query) >= {"unapproved", "moderation-hash"}, location
    return text, query["unapproved"][0], urllib.parse.urldefrag(location).url


def assert_public(answer):
    assert answer.status == 200
    cache_control = answer.headers["Cache-Control"]
    assert "public" in cache_control and f"max-age={MAX_AGE}" in cache_control
    assert answer.headers.get_all("Set-Cookie") is None
    # The interface language is read from these: nginx keeps one copy for each.
    assert answer.headers["Vary"] == "Accept-Language, Cookie"
    assert "csrfmiddlewaretoken" not in answer.text


class Moderator:
    """A moderator in the admin, through nginx, with their own cookies."""

    def __init__(self, deployment):
        self.url, self.jar = deployment.url, CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        with self.opener.open(self.url + path, data=body, timeout=30) as response:
            return response.geturl(), response.headers, response.read().decode()

    def form(self, path, form_id):
        parser = FormParser(form_id)
        parser.feed(self.open(path)[2])
        assert parser.action is not None, f"no form #{form_id} at {path}"
        return parser

    def log_in(self):
        form = self.form("/admin/login/?next=/admin/", "login-form")
        url, _, _ = self.open(
            "/admin/login/?next=/admin/",
            {**form.fields, "username": MODERATOR, "password": PASSWORD},
        )
        assert urllib.parse.urlsplit(url).path == "/admin/", url

    def approve(self, comment_id):
        """The changelist's Approve action on one comment, as its form sends it."""
        changelist = "/admin/comments/comment/"
        form = self.form(changelist, "changelist-form")
        actions = form.options["action"]
        approve = next(value for label, value in actions.items() if label.startswith("Approve"))
        _, headers, page = self.open(
            changelist,
            {**form.fields, "action": approve, "_selected_action": comment_id, "index": "0"},
        )
        assert "approved" in page
        return headers


def test_a_public_page_is_kept_by_nginx_and_everyone_gets_the_same_bytes(deployment):
    page = deployment.url + ARTICLE
    first = get(page)
    second = get(page)
    with_cookies = [get(page, Cookie="sessionid=someone; csrftoken=theirs") for _ in range(2)]

    assert_public(first)
    etag = first.headers["ETag"]
    assert etag and not etag.startswith("W/")
    assert second.cache_status == "HIT" and with_cookies[1].cache_status == "HIT"
    # Cookies other than the language's change nothing in the page; nginx keeps a copy for
    # each Cookie header all the same (Vary), under the one key without cookies.
    assert second.body == first.body == with_cookies[0].body
    assert second.headers["ETag"] == etag == with_cookies[0].headers["ETag"]
    assert set(deployment.cached_keys()) >= {f"http127.0.0.1{ARTICLE}"}
    for app in deployment.apps:
        assert get(app + ARTICLE).body == first.body


def test_nginx_never_gives_a_reader_the_copy_of_another_language(deployment):
    page = deployment.url + ARTICLE
    english = get(page, **{"Accept-Language": "en"})
    spanish = [get(page, **{"Accept-Language": "es-ES,es;q=0.9"}) for _ in range(2)]
    english_again = get(page, **{"Accept-Language": "en"})
    chosen = get(page, **{"Accept-Language": "en", "Cookie": "django_language=de"})

    assert b'<html lang="en">' in english.body and b'<html lang="es">' in spanish[0].body
    assert spanish[1].cache_status == "HIT" and spanish[1].body == spanish[0].body
    assert english_again.cache_status == "HIT" and english_again.body == english.body
    assert chosen.cache_status != "HIT" and b'<html lang="de">' in chosen.body


def test_a_matching_if_none_match_gets_a_304_from_nginx(deployment):
    page = deployment.url + ARTICLE
    full = get(page)
    etag = full.headers["ETag"]

    matching = get(page, **{"If-None-Match": etag})
    other = get(page, **{"If-None-Match": '"not-this-page"'})

    assert (matching.status, matching.body) == (304, b"")
    assert matching.headers["ETag"] == etag
    assert (other.status, other.body) == (200, full.body)


def test_static_files_are_kept_by_nginx_with_far_future_headers(deployment):
    html = get(deployment.url + ARTICLE).text
    stylesheet = re.search(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html).group(1)

    # One copy per encoding whitenoise sends (Vary: Accept-Encoding), each kept.
    for encoding, sent in (("br", "br"), ("gzip", "gzip"), ("identity", None)):
        first = get(deployment.url + stylesheet, **{"Accept-Encoding": encoding})
        second = get(deployment.url + stylesheet, **{"Accept-Encoding": encoding})

        assert first.status == 200
        assert "immutable" in first.headers["Cache-Control"]
        assert first.headers.get("Content-Encoding") == sent
        assert second.cache_status == "HIT" and second.body == first.body
        assert second.headers.get("Content-Encoding") == sent


def test_a_posters_private_page_is_never_kept_and_their_comment_never_public(deployment):
    text, comment_id, private = a_comment(deployment)

    answers = [get(private), get(private)]

    for answer in answers:
        assert answer.status == 200
        cache_control = answer.headers["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control
        assert answer.cache_status != "HIT"
        assert text in answer.text and "awaiting moderation" in answer.text
    kept = deployment.cached_keys()
    assert not [key for key in kept if "unapproved" in key or "/comments/" in key], kept
    assert text.encode() not in deployment.cached_bytes()
    # Every other reader gets the public page, through nginx or from either app server.
    for url in [deployment.url + ARTICLE, *(app + ARTICLE for app in deployment.apps)]:
        public = get(url)
        assert_public(public)
        assert text not in public.text
        assert f'id="comment-{comment_id}"' not in public.text


def test_an_approval_shows_through_nginx_once_the_shared_lifetime_has_passed(deployment):
    page = deployment.url + ARTICLE
    text, comment_id, _ = a_comment(deployment)
    moderator = Moderator(deployment)
    moderator.log_in()
    # Wait for nginx to store a fresh copy (not a HIT), so its age is known: now.
    deadline = time.monotonic() + MAX_AGE + 5
    while (kept := get(page)).cache_status == "HIT":
        assert time.monotonic() < deadline, "nginx kept its copy beyond the page's max-age"
        time.sleep(0.2)
    kept_at = time.monotonic()
    assert text not in kept.text

    moderator.approve(comment_id)
    at_the_app = get(deployment.apps[0] + ARTICLE)
    meanwhile = get(page)

    # The site's page changed at once (new ETag); nginx may keep its copy for the lifetime.
    assert text in at_the_app.text
    assert at_the_app.headers["ETag"] != kept.headers["ETag"]
    # nginx keeps a copy for max-age seconds counted from the whole second it was stored:
    # at least max-age, less than max-age + 1.
    if time.monotonic() - kept_at < MAX_AGE - 0.3:
        assert meanwhile.cache_status == "HIT" and meanwhile.body == kept.body
    time.sleep(max(0, kept_at + MAX_AGE + 1.2 - time.monotonic()))
    after = get(page)
    again = get(page)

    assert_public(after)
    assert text in after.text, (meanwhile.cache_status, after.cache_status)
    assert after.headers["ETag"] == at_the_app.headers["ETag"]
    assert again.cache_status == "HIT" and again.body == after.body
    # The admin's pages went through nginx and none of them was kept.
    assert not [key for key in deployment.cached_keys() if "/admin/" in key]


def test_the_whole_file_as_docs_deploy_shows_it_passes_nginx_t(tmp_path):
    """TLS, the port-80 redirect and all, with a throw-away certificate in place of the
    deployment's: nginx accepts the file as it is shipped."""
    if not nginx.available():
        pytest.fail(f"CI must run the nginx tests: {nginx.INSTALL_HINT}")
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed: no certificate to try the TLS lines with")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=hemifacial-spasm.example", "-keyout", key, "-out", cert],
        check=True, capture_output=True,
    )  # fmt: skip
    text = nginx.SITE_CONF.read_text().replace(nginx.CACHE_PATH, str(tmp_path / "cache"))
    text = re.sub(r"ssl_certificate \S+;", f"ssl_certificate {cert};", text)
    text = re.sub(r"ssl_certificate_key \S+;", f"ssl_certificate_key {key};", text)
    assert text.count(str(cert)) == text.count(str(key)) == 1
    (tmp_path / "hfs.conf").write_text(text)
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx.main_config(tmp_path, includes=[tmp_path / "hfs.conf"]))
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / "temp" / kind).mkdir(parents=True)

    checked = subprocess.run(
        [nginx.NGINX, "-t", "-p", tmp_path, "-c", conf, "-e", tmp_path / "error.log"],
        capture_output=True, text=True,
    )  # fmt: skip

    assert checked.returncode == 0, checked.stderr
