"""The import figure of `make bench`: `manage.py import_wordpress` of a generated export beside
`manage.py loaddata` of a fixture of the same rows, each into a freshly migrated SQLite
database, at 10,000 and 100,000 comments (bench/wxr_fixture.py writes both files).

loaddata is what Django itself takes to put those very rows in a database from a file that
already holds them as rows: nothing to parse but JSON, nothing to convert, match or learn. The
import's time over loaddata's is what all of that costs it beyond writing the rows.
Each command runs in a child process of its own; its time is the child's wall time, its peak
memory the child's own (its VmHWM, read while it runs), not the bench's. The migration is made once,
beforehand, and copied for each run.
"""

import json
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
COMMAND = PROJECT_DIR / "portability" / "management" / "commands" / "import_wordpress.py"
SIZES = (10_000, 100_000)
# How often a running child's peak memory is read.
POLL_SECONDS = 0.05
# The tables whose next id the fixture must take, as the import takes the next free ones.
TABLES = {
    "article": "articles_article",
    "comment": "comments_comment",
    "imported_article": "portability_importedarticle",
    "imported_comment": "portability_importedcomment",
    "spam_token": "comments_spamtoken",
    "redirect": "django_redirect",
}


def measure(command, *, env, log_path, cwd=PROJECT_DIR):
    """Run `command` as a child process; returns its wall time, its own peak resident memory
    and its exit code. The output goes to `log_path`.

    The peak is the child's VmHWM (/proc/<pid>/status), read while it runs: a high-water mark,
    so the last reading is its peak but for the child's last moments. Not ru_maxrss: Linux
    counts in it the memory of the process that started the child, as it was when the child
    was made (a bench holding 180 MB would give every child at least that)."""
    status_path = None
    peak_kb = 0
    with open(log_path, "wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        status_path = Path(f"/proc/{process.pid}/status")
        while process.poll() is None:
            peak_kb = max(peak_kb, _high_water_kb(status_path))
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "returncode": process.returncode,
    }


def _high_water_kb(status_path):
    """The process's peak resident memory so far (VmHWM, in kB); 0 once it has exited."""
    try:
        for line in status_path.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def sqlite_env(base, database):
    return {**base, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "0"}


def next_ids(database):
    """{table: the id the next row of it will get} in a SQLite database made by migrate."""
    connection = sqlite3.connect(database)
    try:
        ids = {}
        for name, table in TABLES.items():
            row = connection.execute(
                "SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)
            ).fetchone()
            highest = connection.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0]
            ids[name] = max(row[0] if row else 0, highest or 0) + 1
        return ids
    finally:
        connection.close()


COMMENT_FIELDS = (
    "parent", "article", "author_name", "author_email", "author_url", "body", "created_at",
    "status", "ip_address", "user_agent", "status_reason", "spam_label", "tags", "risk",
)  # fmt: skip
ARTICLE_FIELDS = (
    "title", "slug", "summary", "body", "status", "published_at", "updated_at",
    "comments_enabled", "comment_count",
)  # fmt: skip


def imported_rows(database):
    """What two databases are compared by, whatever ids their rows got: {WordPress comment id:
    the comment's fields, its parent and article by their WordPress ids}, {post id: the
    article's fields}, the spam filter's counts and the redirects."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        comment_fields = ", ".join(f"c.{name}" for name in COMMENT_FIELDS[2:])
        rows = connection.execute(
            f"SELECT m.source_id, pm.source_id, a.source_id, {comment_fields} "
            "FROM comments_comment c "
            "JOIN portability_importedcomment m ON m.comment_id = c.id "
            "JOIN portability_importedarticle a ON a.article_id = c.article_id "
            "LEFT JOIN portability_importedcomment pm ON pm.comment_id = c.parent_id"
        )
        comments = {source_id: tuple(fields) for source_id, *fields in rows}
        article_fields = ", ".join(f"a.{name}" for name in ARTICLE_FIELDS)
        rows = connection.execute(
            f"SELECT m.source_id, {article_fields} FROM articles_article a "
            "JOIN portability_importedarticle m ON m.article_id = a.id"
        )
        articles = {source_id: tuple(fields) for source_id, *fields in rows}
        tables = {
            "spam filter counts": "SELECT token, ham, spam FROM comments_spamtoken",
            "redirects": "SELECT site_id, old_path, new_path FROM django_redirect",
        }
        sets = {name: set(connection.execute(sql)) for name, sql in tables.items()}
        counts = {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("articles_article", "comments_comment")
        }
        return {"comments": comments, "articles": articles, "sets": sets, "counts": counts}
    finally:
        connection.close()


def differences(imported, loaded):
    """How the imported database differs from the loaded one: rows missing on either side and,
    per field, how many rows differ (with one example). Empty when they hold the same."""
    found = {}
    for kind, fields in (("comments", COMMENT_FIELDS), ("articles", ARTICLE_FIELDS)):
        mine, theirs = imported[kind], loaded[kind]
        if missing := len(theirs.keys() - mine.keys()):
            found[f"{kind} not imported"] = missing
        if extra := len(mine.keys() - theirs.keys()):
            found[f"{kind} imported but not in the fixture"] = extra
        for source_id in mine.keys() & theirs.keys():
            for name, got, expected in zip(fields, mine[source_id], theirs[source_id], strict=True):
                if got != expected:
                    key = f"{kind}.{name}"
                    entry = found.setdefault(key, {"rows": 0, "example": None})
                    entry["rows"] += 1
                    entry["example"] = entry["example"] or {
                        "source_id": source_id,
                        "imported": got,
                        "fixture": expected,
                    }
    for name, mine in imported.get("sets", {}).items():
        theirs = loaded["sets"][name]
        if mine != theirs:
            found[name] = {
                "rows only imported": len(mine - theirs),
                "rows only in the fixture": len(theirs - mine),
                "example": sorted(mine ^ theirs, key=str)[0],
            }
    if imported["counts"] != loaded["counts"]:
        found["row counts"] = {"imported": imported["counts"], "loaded": loaded["counts"]}
    return found


def migrate_template(directory, base_env):
    """An empty database as `migrate` makes it (the seed article included), once; returns its
    path and how long the migration took."""
    template = directory / "empty.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{template}{suffix}").unlink(missing_ok=True)
    env = sqlite_env(base_env, template)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
    )
    seconds = time.perf_counter() - started
    connection = sqlite3.connect(template)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return template, round(seconds, 1)


def fresh_copy(template, path):
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, path)
    return path


def generate(directory, size, first_ids, base_env):
    """Write the export and the fixture of `size` comments (in a child process: Django's
    settings are the generator's, not the bench's). Returns their paths and what they hold."""
    wxr, fixture = directory / f"blog-{size}.xml", directory / f"blog-{size}.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.wxr_fixture",
            str(wxr),
            str(fixture),
            "--comments",
            str(size),
            "--first-ids",
            json.dumps(first_ids),
        ],
        cwd=PROJECT_DIR,
        env=base_env,
        check=True,
        capture_output=True,
        text=True,
    )
    return wxr, fixture, done.stdout


def run(directory, base_env, *, sizes=SIZES, log=print):
    """The figure: for each size, generate, import, load, compare. Returns the results."""
    directory.mkdir(parents=True, exist_ok=True)
    template, migrate_seconds = migrate_template(directory, base_env)
    first_ids = next_ids(template)
    results = {
        "what_loaddata_is_given": (
            "a Django JSON fixture written beside the export by bench/wxr_fixture.py, of every "
            "row the import creates, with the ids it takes: the articles, the comments "
            "(statuses, dates, parents, authors, texts, spam-filter labels, triage of the "
            "pending), their source-id mappings, the redirects and the spam filter's learned "
            "counts"
        ),
        "database": "SQLite, freshly migrated (copied from one migration made beforehand)",
        "migrate_seconds": migrate_seconds,
        "command_exists": COMMAND.exists(),
        "sizes": [],
    }
    for size in sizes:
        started = time.perf_counter()
        wxr, fixture, made = generate(directory, size, first_ids, base_env)
        entry = {
            "comments": size,
            "made": json.loads(made),
            "generate_seconds": round(time.perf_counter() - started, 1),
            "wxr_mb": round(wxr.stat().st_size / 2**20, 1),
            "fixture_mb": round(fixture.stat().st_size / 2**20, 1),
        }
        log(
            f"  {size:,} comments: export {entry['wxr_mb']} MB, fixture {entry['fixture_mb']} MB"
            f" (written in {entry['generate_seconds']} s)"
        )
        loaded_db = fresh_copy(template, directory / f"loaddata-{size}.sqlite3")
        entry["loaddata"] = measure(
            [sys.executable, "manage.py", "loaddata", str(fixture)],
            env=sqlite_env(base_env, loaded_db),
            log_path=directory / f"loaddata-{size}.log",
        )
        log(f"    loaddata: {entry['loaddata']}")
        if COMMAND.exists():
            imported_db = fresh_copy(template, directory / f"import-{size}.sqlite3")
            entry["import"] = measure(
                [sys.executable, "manage.py", "import_wordpress", str(wxr)],
                env=sqlite_env(base_env, imported_db),
                log_path=directory / f"import-{size}.log",
            )
            log(f"    import_wordpress: {entry['import']}")
            if entry["import"]["returncode"] == 0 and entry["loaddata"]["returncode"] == 0:
                entry["ratio_import_to_loaddata"] = round(
                    entry["import"]["seconds"] / entry["loaddata"]["seconds"], 2
                )
                entry["differences"] = differences(
                    imported_rows(imported_db), imported_rows(loaded_db)
                )
        results["sizes"].append(entry)
    by_size = {entry["comments"]: entry for entry in results["sizes"]}
    small, large = by_size.get(min(sizes), {}), by_size.get(max(sizes), {})
    if small.get("import") and large.get("import") and small is not large:
        results["rss_ratio_large_to_small"] = round(
            large["import"]["peak_rss_mb"] / small["import"]["peak_rss_mb"], 2
        )
    return results
