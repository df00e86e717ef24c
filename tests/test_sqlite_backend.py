"""The SQLite backend (hfs_site/sqlite): connections are kept between requests while the file
at the database's path is the one they opened, and dropped when it is not."""

import shutil
import sqlite3

import pytest
from django.db import connection

from hfs_site.sqlite.base import DatabaseWrapper

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the SQLite backend: runs with the SQLite settings"
    ),
    pytest.mark.django_db,  # lets the test open connections of its own
]


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "site.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": str(path)}, alias="kept")
    yield path, wrapper
    wrapper.close()


def test_the_settings_use_this_backend_with_kept_connections(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "hfs_site.sqlite"
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]


def test_a_connection_to_the_same_file_stays_usable(database):
    _, wrapper = database
    wrapper.ensure_connection()
    assert wrapper.is_usable()


def test_a_database_file_moved_away_makes_the_connection_unusable(database):
    path, wrapper = database
    wrapper.ensure_connection()
    path.rename(path.with_suffix(".away"))
    assert not wrapper.is_usable()


def test_a_database_file_replaced_by_another_makes_the_connection_unusable(database):
    path, wrapper = database
    wrapper.ensure_connection()
    shutil.copy(path, path.with_suffix(".copy"))
    path.with_suffix(".copy").replace(path)
    assert not wrapper.is_usable()


def test_the_health_check_reconnects_to_the_file_now_at_the_path(database):
    path, wrapper = database
    wrapper.ensure_connection()
    other = path.with_suffix(".other")
    sqlite3.connect(other).execute("CREATE TABLE other_table (y)").connection.close()
    other.replace(path)
    wrapper.close_if_unusable_or_obsolete()  # what Django does at every request's start
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert cursor.fetchall() == [("other_table",)]
