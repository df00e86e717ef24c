"""Where an article page's time goes: cProfile over Django test-client requests against the
bench database (build it with `make bench`, or `python -m bench.build_db`).

    python -m bench.profile bench-1000 bench-10000

For each article: the plain time of a request (no profiler), its queries and their time, the
time under the functions that matter for the page, self time by package, and the top functions
by cumulative and own time (the full listing goes to bench/results/profile-<slug>.txt).
cProfile slows function-heavy code such as template rendering more than C code, so read the
shares, not the absolute times.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = PROJECT_DIR / "bench" / "results"
DATABASE = RESULTS_DIR / "bench.sqlite3"

# Functions whose cumulative time says which part of the page costs what.
WATCHED = {
    "whole request": ("django/test/client.py", "get"),
    "article body (Markdown)": ("articles/models.py", "body_parts"),
    "comments' part of the page (its context)": ("comments/page.py", "article_comments"),
    "  the comments query + threads": ("comments/listing.py", "as_threads"),
    "  comment_html filter (urlize, linebreaks)": (
        "comments/templatetags/comments.py",
        "comment_html",
    ),
    "  comment form (crispy)": ("crispy_forms/templatetags/crispy_forms_tags.py", "render"),
    "JSON-LD data": ("seo/structured_data.py", "article_json_ld"),
    "date filter": ("django/template/defaultfilters.py", "date"),
    "querysets evaluated (SQL + instances)": ("django/db/models/query.py", "_fetch_all"),
    "  SQL executed (first rows)": ("django/db/models/sql/compiler.py", "execute_sql"),
    "  model instances from rows": ("django/db/models/base.py", "from_db"),
}


def setup():
    os.environ.update(
        DATABASE_URL=f"sqlite:///{DATABASE}",
        DJANGO_STATIC_ROOT=str(RESULTS_DIR / "static"),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_DEBUG="0",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="hfs_site.settings",
    )
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def cumulative(stats, filename, function):
    total = 0.0
    for (path, _, name), (_, _, _, cum, _) in stats.stats.items():
        if name == function and path.endswith(filename):
            total = max(total, cum)
    return total


def self_time_by_package(stats):
    groups = {}
    for (path, _, name), (_, _, own, _, _) in stats.stats.items():
        if "site-packages/" in path:
            parts = path.split("site-packages/", 1)[1].split("/")
            key = "/".join(parts[:2]) if parts[0] == "django" else parts[0]
        elif path.startswith(str(PROJECT_DIR)):
            key = "site: " + path.removeprefix(str(PROJECT_DIR) + "/").split("/")[0]
        elif path == "~":
            key = f"builtin: {name.split(' ')[-1].strip('>')[:40]}"
        else:
            key = "python stdlib"
        groups[key] = groups.get(key, 0.0) + own
    return sorted(groups.items(), key=lambda item: -item[1])


def profile(slug, repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    path = f"/articles/{slug}/"
    response = client.get(path)  # warm: templates compiled, Markdown cached
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}: is the bench database built?")
    plain = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        plain.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as context:
        client.get(path)
    # Read now: the next request's request_started signal empties the connection's query log.
    queries = list(context.captured_queries)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    whole = cumulative(stats, *WATCHED["whole request"])
    listing = io.StringIO()
    pstats.Stats(profiler, stream=listing).sort_stats("cumulative").print_stats(60)
    pstats.Stats(profiler, stream=listing).sort_stats("tottime").print_stats(40)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"profile-{slug}.txt").write_text(listing.getvalue())

    print(f"\n== {path}: {len(response.content):,} bytes")
    print(f"plain request (no profiler): {min(plain) * 1000:.0f} ms best of {repeat}")
    # The time Django records per query covers execute() only: rows are fetched afterwards,
    # so the database's share is read from "querysets evaluated" below.
    print(f"queries: {len(queries)}")
    for query in queries:
        print(f"  {query['sql'][:120]}")
    print(f"under cProfile: {whole / repeat * 1000:.0f} ms a request; share of it by part:")
    for label, (filename, function) in WATCHED.items():
        share = cumulative(stats, filename, function)
        print(f"  {share / whole * 100:5.1f}%  {label}")
    print("own time by package (top 12):")
    for key, own in self_time_by_package(stats)[:12]:
        print(f"  {own / whole * 100:5.1f}%  {key}")
    print(f"full listing: {(RESULTS_DIR / f'profile-{slug}.txt').relative_to(PROJECT_DIR)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slugs", nargs="*", default=["bench-1000", "bench-10000"])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    if not DATABASE.exists():
        raise SystemExit(f"No {DATABASE}: run `make bench` or `python -m bench.build_db` first.")
    setup()
    for slug in args.slugs:
        profile(slug, args.repeat)


if __name__ == "__main__":
    main()
