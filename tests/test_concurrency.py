"""Many readers posting at once to a real gunicorn: every accepted comment is stored exactly
once, and nobody sees an error (on SQLite and on PostgreSQL)."""

import threading

import pytest

from tests.servers import Browser, gunicorn, manage, postgres_database, site_env

POSTERS = 50


@pytest.fixture(params=["sqlite", "postgresql"])
def busy_site(request, tmp_path, collected_static):
    """A production-style site whose rate limit and typing-time rules let 50 posts through."""
    relaxed = {
        "COMMENTS_RATE_LIMIT": "1000/10m",
        "COMMENTS_MIN_SECONDS": "0",
        "DJANGO_SECRET_KEY_FILE": str(tmp_path / "secret"),
    }
    if request.param == "sqlite":
        env = site_env(DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}", **relaxed)
        manage("migrate", "--noinput", env=env)
        yield env
    else:
        with postgres_database() as name:
            env = site_env(DATABASE_URL=f"postgres://postgres@127.0.0.1/{name}", **relaxed)
            manage("migrate", "--noinput", env=env)
            yield env


def stored_bodies(env):
    """The bodies of every comment in the site's database, read by a separate process."""
    import subprocess
    import sys

    from tests.servers import PROJECT_DIR

    script = (
        "import django, json; django.setup(); from comments.models import Comment; "
        "print(json.dumps(list(Comment.objects.values_list('body', flat=True))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, check=True, capture_output=True,
        text=True, env={**env, "DJANGO_SETTINGS_MODULE": "hfs_site.settings"},
    )  # fmt: skip
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def test_fifty_simultaneous_posts_are_each_stored_exactly_once(busy_site, tmp_path):
    with gunicorn(busy_site, workers=4, log_dir=tmp_path) as url:
        article = f"{url}/articles/hemifacial-spasm/"
        post_url = f"{url}/articles/hemifacial-spasm/comments/"
        posters = [Browser() for _ in range(POSTERS)]
        forms = [poster.comment_form(article) for poster in posters]
        start = threading.Barrier(POSTERS)
        statuses = [None] * POSTERS

        def post(index):
            data = {
                **forms[index],
                "author_name": f"Poster {index}",
                "author_email": f"poster{index}@example.com",
                "body": f"Simultaneous story number {index}.",
            }
            start.wait(timeout=60)
            statuses[index] = posters[index].post(post_url, data, referer=article)[0]

        threads = [threading.Thread(target=post, args=(i,)) for i in range(POSTERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    assert statuses == [302] * POSTERS
    bodies = [body for body in stored_bodies(busy_site) if body.startswith("Simultaneous")]
    assert sorted(bodies) == sorted(f"Simultaneous story number {i}." for i in range(POSTERS))
    server_log = "".join(path.read_text() for path in tmp_path.glob("gunicorn-*.log"))
    assert "database is locked" not in server_log
    assert "Traceback" not in server_log
