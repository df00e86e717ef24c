"""Security by default: headers, production settings, the admin closed to anonymous visitors,
and commenter-controlled text escaped wherever it appears."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django.utils.html import escape

from comments.models import Comment

PROJECT_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_HTTPS": "1",
    "DJANGO_SECRET_KEY": "k" * 10 + "3x!Q9#vT2$pZ7@mL4&wR8^bN1*cY6%dF0(hJ5)gS" + "u" * 10,
    "DJANGO_ALLOWED_HOSTS": "hemifacial-spasm.example",
    "DJANGO_SITE_URL": "https://hemifacial-spasm.example",
}
XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "'><a href=javascript:alert(1)>x</a>",
]


def run_in_production(*args):
    env = {**os.environ, **PRODUCTION_ENV}
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_in_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_turn_on_https_protections():
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY]))"
    )
    result = run_in_production("-c", f"import os; os.environ['DJANGO_SETTINGS_MODULE']="
                               f"'hfs_site.settings'; {script}")  # fmt: skip
    assert result.returncode == 0, result.stderr
    debug, redirect, hsts, session_secure, csrf_secure, httponly = json.loads(result.stdout)
    assert (debug, redirect, session_secure, csrf_secure, httponly) == (
        False, True, True, True, True
    )  # fmt: skip
    assert hsts >= 31536000


def test_article_page_sends_a_strict_content_security_policy(client, seed_article):
    policy = client.get(seed_article.get_absolute_url())["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-src"] == "https://www.youtube-nocookie.com https://player.vimeo.com"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_article_page_sends_the_other_security_headers(client, seed_article):
    response = client.get(seed_article.get_absolute_url())
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_cookies_are_httponly_and_samesite(client, moderator):
    """The moderators' cookies (readers get none): the login form's CSRF token, the session."""
    client.get("/admin/login/")
    client.post("/admin/login/", {"username": "mod", "password": "a-long-password"})
    for name in ("csrftoken", "sessionid"):
        cookie = client.cookies[name]
        assert cookie["httponly"]
        assert cookie["samesite"] == "Lax"


def test_hsts_header_is_sent_over_https(client, seed_article, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(seed_article.get_absolute_url(), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def admin_paths(patterns=None, prefix="/admin/"):
    """Every path the admin routes, with sample values in place of its parameters."""
    for pattern in admin.site.get_urls() if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from admin_paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            route = re.sub(r"\(\?P<app_label>[^)]*\)", "comments", route)
            yield re.sub(r"<[^>]+>", "1", route).replace("^", "").replace("$", "")


def test_every_admin_page_is_refused_to_anonymous_visitors(db):
    client = Client()
    login = reverse("admin:login")
    paths = [path for path in admin_paths() if path not in (login, reverse("admin:logout"))]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (302, 404), path
        if response.status_code == 302:
            assert response["Location"].startswith(login), path
    assert len(paths) > 20


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_commenter_fields_are_escaped_on_the_page_and_in_the_admin(
    client, moderator_client, article, make_comment, payload
):
    make_comment(article, author_name=payload, body=payload, author_url="https://ok.example")
    page = client.get(article.get_absolute_url()).text
    changelist = moderator_client.get("/admin/comments/comment/").text
    for text in (page, changelist):
        assert payload not in text
        assert escape(payload) in text


def test_only_http_and_https_websites_are_accepted(client, article, comment_data):
    for address in ["javascript:alert(1)", "data:text/html,x", "ftp://files.example/x"]:
        client.post(f"/articles/{article.slug}/comments/", {**comment_data, "author_url": address})
    assert not Comment.objects.filter(article=article).exists()


def test_admin_login_locks_out_after_repeated_failures(db, moderator):
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": "mod", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "mod", "password": "a-long-password"})
    assert response.status_code == 429
    assert "Too many failed logins" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_commenter_fields_are_escaped_in_the_comment_feeds(client, article, make_comment, payload):
    make_comment(article, author_name=payload, body=payload)
    for kind in ("rss", "atom"):
        response = client.get(f"/feeds/articles/{article.slug}/comments.{kind}")
        assert response.status_code == 200
        ElementTree.fromstring(response.content)  # well-formed: nothing broke out of the XML
        assert payload not in response.text


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_commenter_fields_cannot_break_out_of_the_json_ld(client, article, make_comment, payload):
    make_comment(article, author_name=payload, body=f"{payload} </script><script>alert(2)")
    page = client.get(article.get_absolute_url()).text
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(block)
    assert data["comment"][0]["author"]["name"] == payload
    assert data["comment"][0]["text"].startswith(payload)
    assert "<" not in block
