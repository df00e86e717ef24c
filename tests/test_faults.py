"""The database going away: readers get a 503 with Retry-After, and the site comes back by
itself when the database does."""

import shutil

import pytest

from tests.servers import TcpProxy, gunicorn, http_get, manage, postgres_database, site_env


@pytest.fixture
def sqlite_site(tmp_path, collected_static):
    """A production-style site on its own SQLite file, migrated."""
    env = site_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        DJANGO_SECRET_KEY_FILE=str(tmp_path / "secret"),
        COMMENTS_PAGE_CACHE="0",  # every request reads the database (a kept page would not)
    )
    manage("migrate", "--noinput", env=env)
    return tmp_path / "site.sqlite3", env


def test_unreadable_sqlite_file_gives_503_then_the_site_recovers(sqlite_site):
    database, env = sqlite_site
    with gunicorn(env, workers=1) as url:
        article = f"{url}/articles/hemifacial-spasm/"
        assert http_get(article)[0] == 200

        database.rename(database.with_suffix(".away"))
        database.mkdir()  # the path now names something SQLite cannot open
        status, headers, body = http_get(article)
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "cannot reach its database" in body
        assert http_get(f"{url}/readyz")[0] == 503

        database.rmdir()
        shutil.move(database.with_suffix(".away"), database)
        status, _, body = http_get(article)
        assert status == 200
        assert "Tracy Perkins" in body
        assert http_get(f"{url}/readyz")[0] == 200


@pytest.fixture
def postgres_site(tmp_path, collected_static):
    """A production-style site on its own PostgreSQL database, reached through a TCP proxy that
    the test can cut."""
    with postgres_database() as name:
        proxy = TcpProxy(5432).start()
        env = site_env(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{proxy.port}/{name}",
            DJANGO_SECRET_KEY_FILE=str(tmp_path / "secret"),
            COMMENTS_PAGE_CACHE="0",  # every request reads the database (a kept page would not)
        )
        manage("migrate", "--noinput", env=env)
        yield proxy, env
        proxy.stop()


def test_postgresql_going_away_gives_503_then_the_site_recovers(postgres_site):
    proxy, env = postgres_site
    with gunicorn(env, workers=1) as url:
        article = f"{url}/articles/hemifacial-spasm/"
        assert http_get(article)[0] == 200

        proxy.stop()
        status, headers, body = http_get(article)
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "cannot reach its database" in body
        assert http_get(f"{url}/readyz")[0] == 503

        proxy.start()
        status, _, body = http_get(article)
        assert status == 200
        assert "Tracy Perkins" in body
        assert http_get(f"{url}/readyz")[0] == 200
