"""/healthz and /readyz: what a load balancer asks each app server."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache.backends.redis import RedisCache
from django.db import OperationalError

from hfs_site import health
from tests.servers import free_port, gunicorn, http_get, manage, site_env

PROJECT_DIR = Path(__file__).resolve().parent.parent


def test_healthz_answers_without_touching_the_database(client):
    # No `db` fixture: pytest-django makes any database query here an error.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_answers_are_never_cached(client, db, path):
    response = client.get(path)
    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_endpoints_only_answer_get_and_head(client, db, path):
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405


def test_readyz_is_ok_when_the_database_and_cache_answer(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def test_readyz_costs_one_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/readyz")


class BrokenConnection:
    """Stands in for `django.db.connection` when the database server is gone."""

    def cursor(self):
        raise OperationalError("connection refused")


def test_readyz_is_503_with_retry_after_when_the_database_is_down(client, db, monkeypatch):
    monkeypatch.setattr(health, "connection", BrokenConnection())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json()["checks"] == {"database": "unavailable", "cache": "ok"}


def test_readyz_is_503_when_the_cache_server_does_not_answer(client, db, monkeypatch):
    # A real Redis client pointed at a port where nothing listens.
    dead_redis = RedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
    )
    monkeypatch.setattr(health, "cache", dead_redis)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "unavailable"}
    assert "Retry-After" in response


def test_health_endpoints_are_not_redirected_to_https_in_production():
    """A load balancer probes over plain HTTP; every other page redirects to HTTPS."""
    script = (
        "import django, json; django.setup(); from django.test import Client; c = Client(); "
        "print(json.dumps([c.get(p).status_code for p in ('/healthz', '/')]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hfs_site.settings",
        "DJANGO_HTTPS": "1",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [200, 301]


def test_gunicorn_with_the_projects_config_is_healthy_and_ready(tmp_path, collected_static):
    env = site_env(DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}")
    manage("migrate", "--noinput", env=env)
    with gunicorn(env, workers=1) as url:
        assert http_get(f"{url}/healthz")[0] == 200
        status, _, body = http_get(f"{url}/readyz")
        assert status == 200, body


def test_a_server_whose_database_is_unreachable_is_healthy_but_not_ready(
    tmp_path, collected_static
):
    """The load balancer stops sending it readers; its supervisor leaves it running."""
    nowhere = f"postgres://postgres@127.0.0.1:{free_port()}/hfs"  # nothing listens there
    with gunicorn(site_env(DATABASE_URL=nowhere), workers=1) as url:
        assert http_get(f"{url}/healthz")[0] == 200
        status, headers, body = http_get(f"{url}/readyz")
        assert status == 503
        assert headers["Retry-After"] == str(health.RETRY_AFTER_SECONDS)
        assert json.loads(body)["checks"]["database"] == "unavailable"
