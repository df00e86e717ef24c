"""The embedded default (SQLite, no Redis) as `make run` serves it: several gunicorn workers
share one cache, kept in the site's own database, and nothing of the site's lives in /tmp."""

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from hfs_site import settings as site_settings
from tests.servers import PROJECT_DIR, Browser, gunicorn, manage, site_env

pytestmark = pytest.mark.skipif(
    settings.CACHES["default"]["BACKEND"].endswith("RedisCache"),
    reason="the embedded default has no Redis (make test-sqlite)",
)

LIMIT = 5


@pytest.fixture
def site(tmp_path, collected_static):
    """`make run`'s site on a database of its own: 4 workers, the default rate limit."""
    env = site_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        DJANGO_SECRET_KEY_FILE=str(tmp_path / "secret"),
        COMMENTS_MIN_SECONDS="0",
        COMMENTS_RATE_LIMIT=f"{LIMIT}/10m",
    )
    manage("migrate", "--noinput", env=env)
    with gunicorn(env, workers=4, log_dir=tmp_path) as url:
        yield env, url


def manage_py(env, *args):
    """A `manage.py` command run from a shell beside the server."""
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, check=True,
        capture_output=True,
    )  # fmt: skip


def test_the_default_cache_is_a_table_of_the_sites_database():
    """Shared by every process, and only the site's user can read it: no folder anyone on the
    machine could have made first, nothing unpickled from elsewhere. (The module itself: the
    tests give each test a cache of its own.)"""
    default = site_settings.CACHES["default"]
    assert default["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_the_rate_limit_holds_across_workers(site):
    """12 posts from one address in a row: the limit of 5 holds, whichever worker answers."""
    _, url = site
    article = f"{url}/articles/hemifacial-spasm/"
    statuses = []
    for number in range(12):
        poster = Browser()
        form = poster.comment_form(article)
        data = {
            **form,
            "author_name": f"Poster {number}",
            "author_email": f"poster{number}@example.com",
            "body": f"Story {number}.",
        }
        statuses.append(poster.post(f"{article}comments/", data, referer=article)[0])
    assert statuses.count(302) == LIMIT
    assert statuses.count(429) == 12 - LIMIT


def test_an_erasure_from_a_shell_shows_on_the_served_page_at_once(site):
    """No process-local cache, no /tmp folder that systemd's PrivateTmp would hide from a
    shell: the erasure's own write retires the page every worker keeps."""
    env, url = site
    article = f"{url}/articles/hemifacial-spasm/"
    script = (
        "import django; django.setup(); from comments.models import Comment; "
        "from articles.models import Article; Comment.objects.create("
        "article=Article.objects.get(slug='hemifacial-spasm'), author_name='Robin Fullname', "
        "author_email='robin@example.com', body='My story.', status='approved')"
    )
    subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, check=True, capture_output=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "hfs_site.settings"},
    )  # fmt: skip
    browser = Browser()
    for _ in range(8):  # every worker keeps the page
        assert "Robin Fullname" in browser.get(article)[2]
    manage_py(env, "erase_commenter", "robin@example.com", "--delete")
    for _ in range(8):
        assert "Robin Fullname" not in browser.get(article)[2]


def test_serving_leaves_nothing_in_the_temporary_directory(site):
    _, url = site
    Browser().get(f"{url}/articles/hemifacial-spasm/")
    assert not list(Path(tempfile.gettempdir()).glob("hfs-pages-*"))
