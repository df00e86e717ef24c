"""The bench's own parts (bench/): the database builders, the two reference ceilings, the
generated WordPress export and its fixture, and the import figure's measuring.

No timing is asserted here: figures come from `make bench`, never from a test.
"""

import copy
import html
import json
import re
import subprocess
import sys

import pytest
from defusedxml import ElementTree
from django.core.management import call_command
from django.db.models import Max

from articles.models import Article
from bench import imports, nginx, search_scale, wxr_fixture
from bench.build_db import populate
from bench.run import Scenario, add_ratios, paired_groups
from comments.models import Comment
from portability.models import ImportedArticle, ImportedComment
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


WP = "{http://wordpress.org/export/1.2/}"


def exported(path):
    """What a WXR file holds, read with defusedxml: its version, the post types of its items, and
    its comments by id (type, status, date, parent, text)."""
    version, post_types, comments = None, [], {}
    for _, element in ElementTree.iterparse(path):
        if element.tag == f"{WP}wxr_version":
            version = element.text
        elif element.tag == f"{WP}comment":
            comments[element.findtext(f"{WP}comment_id")] = {
                field: element.findtext(f"{WP}comment_{field}")
                for field in ("type", "approved", "date_gmt", "parent", "content")
            }
        elif element.tag == "item":
            post_types.append(element.findtext(f"{WP}post_type"))
            element.clear()
    return version, post_types, comments


@pytest.fixture
def small_export(tmp_path):
    """A generated export of 400 comments on 12 posts and its fixture."""
    wxr, fixture = tmp_path / "blog.xml", tmp_path / "blog.json"
    made = wxr_fixture.write(wxr, fixture, comments=400, posts=12)
    return wxr, fixture, made


def test_generated_export_is_wxr_1_2_that_defusedxml_reads(small_export):
    wxr, _, made = small_export

    version, post_types, comments = exported(wxr)

    assert version == "1.2"
    assert post_types.count("post") == made.posts == 12
    assert post_types.count("page") == post_types.count("attachment") == 1
    kinds = [comment["type"] for comment in comments.values()]
    assert kinds.count("comment") == made.comments == 400
    assert kinds.count("pingback") == made.pingbacks


def test_fixture_holds_each_exported_comment_with_its_status_date_parent_and_text(small_export):
    wxr, fixture, made = small_export
    _, _, comments = exported(wxr)
    objects = json.loads(fixture.read_text())
    rows = {o["pk"]: o["fields"] for o in objects if o["model"] == "comments.comment"}
    source_of = {
        o["fields"]["comment"]: o["fields"]["source_id"]
        for o in objects
        if o["model"] == "portability.importedcomment"
    }
    statuses = {"1": "approved", "0": "pending", "spam": "spam", "trash": "removed"}

    pk_of = {source_id: pk for pk, source_id in source_of.items()}

    assert len(rows) == len(source_of) == made.comments
    beside = 0
    for pk, row in rows.items():
        source = comments[source_of[pk]]
        assert row["status"] == statuses[source["approved"]]
        assert row["created_at"] == source["date_gmt"].replace(" ", "T") + "Z"
        if source_of.get(row["parent"], "0") != source["parent"]:
            # A reply deeper than the site shows: stored beside the comment it answers.
            assert row["parent"] == rows[pk_of[source["parent"]]]["parent"] is not None
            beside += 1
        if "<p>" not in source["content"]:
            assert html.unescape(source["content"]) == row["body"]
    assert beside == made.stored_beside_parent > 0


@pytest.mark.django_db
def test_fixture_loads_with_loaddata_as_the_rows_the_import_would_make(tmp_path):
    first_ids = {
        "article": Article.objects.aggregate(top=Max("pk"))["top"] + 1,
        "comment": Comment.objects.aggregate(top=Max("pk"))["top"] + 1,
    }
    wxr, fixture = tmp_path / "blog.xml", tmp_path / "blog.json"
    made = wxr_fixture.write(wxr, fixture, comments=300, posts=8, first_ids=first_ids)

    call_command("loaddata", str(fixture), verbosity=0)

    imported = Comment.objects.filter(article__slug__startswith="hemifacial-spasm-part-")
    assert {
        status: imported.filter(status=status).count() for status in made.statuses
    } == made.statuses
    assert ImportedComment.objects.count() == made.comments
    assert ImportedArticle.objects.count() == made.posts == 8
    for article in Article.objects.filter(slug__startswith="hemifacial-spasm-part-"):
        assert article.comment_count == article.comments.approved().count()


def test_measure_gives_the_childs_own_exit_code_and_peak_memory(tmp_path):
    # The child holds its memory a moment, as an import does: the peak is read while it runs.
    big = imports.measure(
        [sys.executable, "-c", "import time; block = b'x' * (96 << 20); time.sleep(0.5); exit(3)"],
        env={},
        log_path=tmp_path / "big.log",
    )
    small = imports.measure([sys.executable, "-c", "pass"], env={}, log_path=tmp_path / "s.log")

    assert (big["returncode"], small["returncode"]) == (3, 0)
    assert big["peak_rss_mb"] >= 96 > small["peak_rss_mb"]
    assert big["seconds"] > 0


def test_differences_name_each_field_and_table_that_differ_with_an_example():
    def row(fields, **values):
        return tuple(values.get(name, f"{name} value") for name in fields)

    loaded = {
        "comments": {"1000": row(imports.COMMENT_FIELDS), "1001": row(imports.COMMENT_FIELDS)},
        "articles": {"10": row(imports.ARTICLE_FIELDS)},
        "sets": {"redirects": {(1, "/?p=10", "/articles/a/")}},
        "counts": {"articles_article": 2, "comments_comment": 5},
    }
    imported = copy.deepcopy(loaded)

    assert imports.differences(imported, loaded) == {}

    imported["comments"]["1001"] = row(imports.COMMENT_FIELDS, body="Hello!")
    del imported["comments"]["1000"]
    imported["sets"]["redirects"] = set()
    found = imports.differences(imported, loaded)
    assert found["comments not imported"] == 1
    assert found["comments.body"] == {
        "rows": 1,
        "example": {"source_id": "1001", "imported": "Hello!", "fixture": "body value"},
    }
    assert found["redirects"]["rows only in the fixture"] == 1
    assert set(found) == {"comments not imported", "comments.body", "redirects"}


@pytest.mark.django_db
def test_search_database_builder_makes_approved_comments_some_with_the_rare_word():
    made = search_scale.populate(600, articles=3)

    comments = Comment.objects.filter(article__slug__startswith="search-")
    assert comments.approved().count() == made["approved"] == 600
    assert comments.pending().count() == made["pending"] >= 1
    assert comments.filter(parent__parent__isnull=False).exists()
    assert comments.filter(body__contains=search_scale.RARE_WORD).count() == search_scale.RARE_COUNT
