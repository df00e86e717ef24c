"""The search figure of `make bench`: `/search/?q=` at 100,000 approved comments beside 1,000,
on SQLite and on PostgreSQL, served by gunicorn as the bench serves the site.

Each database is built once (migrate, then rows made with bulk_create in one process: the
search index is the database's own, kept by its triggers or generated column, search/index.py),
served by its own gunicorn, and asked a few queries one request at a time: a word in about half
the comments, a word in 20 comments at any size, two words that come together, a word in none.
The databases of one kind are asked in turns, query by query, so that a slower minute of the
machine weighs on both.

    python -m bench.search_scale DATABASE_URL --approved 100000   # builds one (a child process)
"""

import argparse
import contextlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote_plus, urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
SIZES = (1_000, 100_000)
ARTICLES = 100
RARE_WORD = "blepharospasm"
# How many comments mention RARE_WORD, whatever the size: the same page of results at every
# size, so that what grows is only what the index does to find them.
RARE_COUNT = 20
QUERIES = {
    "common word": "surgery",
    "rare word": RARE_WORD,
    "two words": "microvascular decompression",
    "no match": "xylophone",
}
# Requests per query and database in a round, after WARM_UP of each; a slow answer ends a
# round's requests early (ROUND_SECONDS).
ROUNDS = 5
REQUESTS = 8
WARM_UP = 2
ROUND_SECONDS = 4
PG_PREFIX = "bench_imports_search"
PENDING_EVERY = 50


# --------------------------------------------------------------------------- building (child)


def populate(approved, *, articles=ARTICLES, seed=16):
    """`articles` published articles sharing `approved` approved comments (a fifth of them
    replies, some two levels deep; RARE_COUNT of them mention RARE_WORD), and a pending one for
    every fiftieth. Returns counts."""
    from articles.models import Article
    from bench.wxr_fixture import POST_SENTENCES, comment_paragraphs
    from comments.models import Comment

    rng = random.Random(seed)
    start = datetime(2012, 1, 1, tzinfo=UTC)
    made = Article.objects.bulk_create(
        Article(
            title=f"Search bench article {number}",
            slug=f"search-{number}",
            summary=rng.choice(POST_SENTENCES),
            body="\n\n".join(rng.choice(POST_SENTENCES) for _ in range(6)),
            status=Article.Status.PUBLISHED,
            published_at=start,
        )
        for number in range(articles)
    )
    moments = (start + timedelta(minutes=7 * i) for i in range(10 * approved + 10))

    def comment(status=Comment.Status.APPROVED, parent=None, *, rare=False):
        paragraphs = comment_paragraphs(rng)
        if rare:
            paragraphs.append(f"My aunt was told it was {RARE_WORD} at first.")
        return Comment(
            article=parent.article if parent else rng.choice(made),
            parent=parent,
            author_name=f"Reader {rng.randint(1, 9999)}",
            author_email=f"reader{rng.randint(1, 40000)}@example.com",
            body="\n\n".join(paragraphs),
            created_at=next(moments),
            status=status,
            ip_address="203.0.113.9",
            user_agent="bench",
        )

    replies = approved // 5
    batch = 2000
    rare = set(rng.sample(range(approved - replies), min(RARE_COUNT, approved - replies)))

    def threads():
        # The waiting comments among the others, as moderators leave them: one in fifty, at
        # every age, so no size of site has its newest matches all waiting.
        for number in range(approved - replies):
            yield comment(rare=number in rare)
            if number % PENDING_EVERY == PENDING_EVERY - 1:
                yield comment(Comment.Status.PENDING)

    made_top = Comment.objects.bulk_create(threads(), batch_size=batch)
    top = [made for made in made_top if made.status == Comment.Status.APPROVED]
    first = Comment.objects.bulk_create(
        (comment(parent=rng.choice(top)) for _ in range(replies - replies // 3)), batch_size=batch
    )
    Comment.objects.bulk_create(
        (comment(parent=rng.choice(first or top)) for _ in range(replies // 3)), batch_size=batch
    )
    pending = len(made_top) - len(top)
    return {"articles": articles, "approved": approved, "pending": pending}


def build_main(argv=None):
    parser = argparse.ArgumentParser(
        description="Fill one migrated database for the search figure."
    )
    parser.add_argument("database_url")
    parser.add_argument("--approved", type=int, required=True)
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "hfs_site.settings"
    sys.path.insert(0, str(PROJECT_DIR))
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("createcachetable")
    made = populate(args.approved)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(made)


# --------------------------------------------------------------------------- building (bench)


def migrate(database_url, base_env):
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
        cwd=PROJECT_DIR,
        env={**base_env, "DATABASE_URL": database_url},
        check=True,
    )


def fill(database_url, approved, base_env):
    subprocess.run(
        [sys.executable, "-m", "bench.search_scale", database_url, "--approved", str(approved)],
        cwd=PROJECT_DIR,
        env=base_env,
        check=True,
        capture_output=True,
    )


def sqlite_databases(directory, sizes, base_env):
    """{size: DATABASE_URL} of SQLite files copied from one migration and filled."""
    directory.mkdir(parents=True, exist_ok=True)
    template = directory / "search-empty.sqlite3"
    for path in [template, *(directory / f"search-{size}.sqlite3" for size in sizes)]:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    migrate(f"sqlite:///{template}", base_env)
    urls = {}
    for size in sizes:
        path = directory / f"search-{size}.sqlite3"
        shutil.copyfile(template, path)
        urls[size] = f"sqlite:///{path}"
        fill(urls[size], size, base_env)
    return urls


def pg_admin(server_url):
    """A connection to the server's `postgres` database that runs each statement at once."""
    import psycopg

    parts = urlsplit(server_url)
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)


def pg_url(server_url, name):
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def pg_drop(server_url, sizes):
    with contextlib.closing(pg_admin(server_url)) as admin:
        for name in [f"{PG_PREFIX}_empty", *(f"{PG_PREFIX}_{size}" for size in sizes)]:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_databases(server_url, sizes, base_env):
    """{size: DATABASE_URL} of throw-away PostgreSQL databases, each a copy of one migrated
    database (CREATE DATABASE ... TEMPLATE), filled."""
    pg_drop(server_url, sizes)
    template = f"{PG_PREFIX}_empty"
    with contextlib.closing(pg_admin(server_url)) as admin:
        admin.execute(f'CREATE DATABASE "{template}"')
    migrate(pg_url(server_url, template), base_env)
    urls = {}
    for size in sizes:
        name = f"{PG_PREFIX}_{size}"
        with contextlib.closing(pg_admin(server_url)) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        urls[size] = pg_url(server_url, name)
        fill(urls[size], size, base_env)
    return urls


def pg_reachable(server_url):
    try:
        with contextlib.closing(pg_admin(server_url)):
            return True
    except Exception:  # any failure to connect: the figure is left out, and says why
        return False


# --------------------------------------------------------------------------- measuring


def search_path(query):
    return f"/search/?q={quote_plus(query)}"


def ask(fetch, server, query, count, *, seconds=ROUND_SECONDS):
    """Up to `count` requests of one query, one at a time, for at most `seconds`; returns the
    time in ms of each answered 200, and the status of every other answer (whose time says
    nothing of the search)."""
    times, statuses = [], []
    until = time.monotonic() + seconds
    for _ in range(count):
        answer = fetch(server, search_path(query))
        if answer["status"] == 200:
            times.append(answer["seconds"] * 1000)
        else:
            statuses.append(answer["status"])
        if time.monotonic() > until:
            break
    return times, statuses


def measure(fetch, servers, *, rounds=ROUNDS, requests=REQUESTS, log=print):
    """`servers`: {(database kind, size): server}. Every query on every server, in rounds; in
    each round the sizes of one kind run back to back, query by query. Returns per kind, size
    and query: p50, the slowest, requests, and the <mark>s on the page (a check that it found
    something)."""
    samples = {(key, name): [] for key in servers for name in QUERIES}
    bad = {(key, name): {} for key in servers for name in QUERIES}
    results_on_page = {}
    for key, server in servers.items():
        for name, query in QUERIES.items():
            answer = fetch(server, search_path(query))
            results_on_page[(key, name)] = answer["body"].count(b"<mark>")
            ask(fetch, server, query, WARM_UP)
    for number in range(rounds):
        log(f"  search round {number + 1} of {rounds}")
        for name, query in QUERIES.items():
            for key, server in servers.items():
                times, statuses = ask(fetch, server, query, requests)
                samples[(key, name)] += times
                for status in statuses:
                    bad[(key, name)][status] = bad[(key, name)].get(status, 0) + 1
    rows = []
    for kind in dict.fromkeys(kind for kind, _ in servers):
        for name, query in QUERIES.items():
            row = {"database": kind, "query": name, "q": query, "sizes": {}}
            for size in sorted(size for other, size in servers if other == kind):
                key = ((kind, size), name)
                times = samples[key]
                row["sizes"][size] = {
                    "p50_ms": round(statistics.median(times), 2) if times else None,
                    "max_ms": round(max(times), 2) if times else None,
                    "requests": len(times),
                    "marks_on_page": results_on_page[key],
                    "other_statuses": bad[key],
                }
            small, large = row["sizes"][min(row["sizes"])], row["sizes"][max(row["sizes"])]
            if small is not large and small["p50_ms"] and large["p50_ms"]:
                row["ratio_p50"] = round(large["p50_ms"] / small["p50_ms"], 2)
            rows.append(row)
    return rows


if __name__ == "__main__":
    build_main()
