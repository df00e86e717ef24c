"""The bench's own parts (bench/): the database builder and the two reference ceilings.

No timing is asserted here: figures come from `make bench`, never from a test.
"""

import json
import re
import subprocess
import sys

import pytest

from bench import nginx
from bench.build_db import populate
from bench.run import Scenario, add_ratios, paired_groups
from comments.models import Comment
from tests.servers import PROJECT_DIR

# Calls a ceiling's WSGI application twice, in a process of its own (each ceiling configures
# Django's settings for itself), and prints what came back.
CALL_CEILING = """
import io, json, re, sys
from importlib import import_module

application = import_module(sys.argv[1]).application
answers = []
for query in sys.argv[2:]:
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": "/articles/x/", "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8100", "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    started = {}
    body = b"".join(application(environ, lambda status, headers, exc=None: started.update(
        status=status, headers=headers)))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    answers.append({
        "status": started["status"],
        "bytes": len(body),
        "token": token and token.group(1).decode(),
        "sets_csrf_cookie": any(
            name == "Set-Cookie" and "csrftoken=" in value for name, value in started["headers"]
        ),
    })
print(json.dumps(answers))
"""


def call_ceiling(module, *queries, page_bytes):
    env = {"BENCH_PAGE_BYTES": str(page_bytes), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", CALL_CEILING, module, *queries],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return json.loads(done.stdout)


@pytest.mark.django_db
def test_database_builder_makes_articles_with_the_asked_comment_counts():
    made = populate(sizes=(3, 40))

    for size in (3, 40):
        comments = Comment.objects.filter(article__slug=f"bench-{size}")
        assert comments.approved().count() == size
        assert (
            comments.approved().filter(parent__isnull=False).count()
            == made[f"bench-{size}"]["replies"]
        )
        assert comments.pending().count() == made[f"bench-{size}"]["pending"] >= 1
        assert comments.filter(status=Comment.Status.SPAM).count() == made[f"bench-{size}"]["spam"]


@pytest.mark.django_db
def test_database_builder_threads_some_comments_two_levels_deep():
    populate(sizes=(40,))

    replies = Comment.objects.filter(article__slug="bench-40", parent__isnull=False)
    assert replies.filter(parent__parent__isnull=True).exists()
    assert replies.filter(parent__parent__isnull=False).exists()
    assert not replies.exclude(parent__article__slug="bench-40").exists()


def test_bare_ceiling_serves_a_page_of_the_requested_size():
    first, asked = call_ceiling("bench.ceilings.bare", "", "bytes=5000", page_bytes=12345)

    assert (first["status"], first["bytes"]) == ("200 OK", 12345)
    assert (asked["status"], asked["bytes"]) == ("200 OK", 5000)
    assert first["token"] is None


def test_secure_ceiling_puts_a_fresh_csrf_token_in_a_page_of_the_requested_size():
    first, second, asked = call_ceiling(
        "bench.ceilings.secure", "", "", "bytes=5000", page_bytes=12345
    )

    assert [first["bytes"], second["bytes"], asked["bytes"]] == [12345, 12345, 5000]
    assert first["token"] and second["token"] and first["token"] != second["token"]
    assert first["sets_csrf_cookie"] and second["sets_csrf_cookie"]


def test_nginx_runs_the_deploy_configuration_with_only_this_machines_lines_changed():
    original = nginx.SITE_CONF.read_text().splitlines()
    rendered = nginx.site_config(
        port=8105, app_servers=["127.0.0.1:8101", "127.0.0.1:8102"], cache_dir="/tmp/x/cache"
    ).splitlines()

    removed = {line.strip() for line in original} - {line.strip() for line in rendered}
    added = {line.strip() for line in rendered} - {line.strip() for line in original}
    assert all(
        re.match(r"(listen |ssl_|server 10\.0\.0\.|return 301 |proxy_cache_path )", line)
        for line in removed
    ), removed
    assert added == {
        "listen 127.0.0.1:8105;",
        "server 127.0.0.1:8101;",
        "server 127.0.0.1:8102;",
        "proxy_cache_path /tmp/x/cache levels=1:2 keys_zone=hfs:10m max_size=1g inactive=60m",
    }
    # Every directive of the cache and the proxy is the file's own.
    kept = [
        line for line in original if re.match(r"\s*(proxy_(?!cache_path)|add_header|tcp_)", line)
    ]
    assert kept and all(line in rendered for line in kept)


def test_a_page_through_nginx_is_paired_and_compared_with_nginx_serving_its_bytes():
    def scenario(name, **fields):
        return Scenario(name, None, "/", 16, page_bytes=14000, **fields)

    page, via_nginx = scenario("article 3"), scenario("nginx: article 3", group="nginx")
    bare, secure = scenario("bare", ceiling="bare"), scenario("secure", ceiling="secure")
    static = scenario("static", ceiling="static", group="nginx")

    groups = paired_groups([page, via_nginx], [bare, secure, static])

    assert [[s.name for s in group] for group in groups] == [
        ["article 3", "bare", "secure"],
        ["nginx: article 3", "static"],
    ]
    requests = {"article 3": 900, "bare": 1800, "secure": 1000}
    requests.update({"nginx: article 3": 18000, "static": 20000})
    rows = [
        {
            "name": s.name,
            "connections": 16,
            "page_bytes": 14000,
            "ceiling": s.ceiling,
            "group": s.group,
            "rounds": [{"requests": requests[s.name], "duration_us": 1_000_000}],
        }
        for s in (page, via_nginx, bare, secure, static)
    ]
    add_ratios(rows)
    ratios = {
        r["name"]: (r["ratio_to_bare"], r["ratio_to_secure"], r["ratio_to_static"]) for r in rows
    }
    assert ratios["article 3"] == (0.5, 0.9, None)
    assert ratios["nginx: article 3"] == (None, None, 0.9)
    assert ratios["static"] == (None, None, 1.0)


def test_docs_deploy_shows_the_nginx_configuration_the_bench_and_tests_run():
    doc = (PROJECT_DIR / "docs" / "deploy.md").read_text()
    shown = re.search(r"This is the whole file,.*?```nginx\n(.*?)```", doc, re.DOTALL)

    assert shown and shown.group(1) == nginx.SITE_CONF.read_text()
