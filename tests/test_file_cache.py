"""The pages cache without Redis (hfs_site/caches.py): Django's file cache, with the small
entries every kept page reads answered from memory while their file holds the same bytes."""

import secrets
import time

import pytest

from hfs_site.caches import FileCache


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "pages"


def two_processes(folder):
    """Two caches on one folder, as two gunicorn workers have."""
    return FileCache(str(folder), {}), FileCache(str(folder), {})


def test_a_value_set_by_one_process_is_read_by_another(folder):
    one, other = two_processes(folder)
    one.set("article-version:a", "v1", timeout=None)
    assert other.get("article-version:a") == "v1"


def test_a_replaced_value_is_read_again_although_it_was_remembered(folder):
    one, other = two_processes(folder)
    one.set("article-version:a", "v1", timeout=None)
    assert other.get("article-version:a") == "v1"
    one.set("article-version:a", "v2", timeout=None)  # same length, same clock tick
    assert other.get("article-version:a") == "v2"
    one.set("article-version:a", "v1", timeout=None)
    assert other.get("article-version:a") == "v1"


def test_a_deleted_value_is_gone_for_every_process(folder):
    one, other = two_processes(folder)
    one.set("article-version:a", "v1", timeout=None)
    assert other.get("article-version:a") == "v1"
    one.delete("article-version:a")
    assert other.get("article-version:a", "missing") == "missing"
    one.set("article-version:a", "v3", timeout=None)
    one.clear()
    assert other.get("article-version:a") is None


def test_a_value_with_a_timeout_expires(folder):
    cache = FileCache(str(folder), {})
    cache.set("short", "soon gone", timeout=1)
    assert cache.get("short") == "soon gone"
    time.sleep(1.1)
    assert cache.get("short") is None


def test_large_and_mutable_values_are_read_whole_each_time(folder):
    one, other = two_processes(folder)
    page = ("v1", secrets.token_hex(5000))  # does not compress below the remembered size
    one.set("article-page:a:1", page, timeout=None)
    assert other.get("article-page:a:1") == page
    first = other.get("article-page:a:1")
    assert other.get("article-page:a:1") is not first  # never one object handed out twice
    one.set("list", ["a"], timeout=None)
    other.get("list").append("b")
    assert other.get("list") == ["a"]


def test_get_or_set_keeps_the_first_value(folder):
    one, other = two_processes(folder)
    assert one.get_or_set("article-version:b", "first", timeout=None) == "first"
    assert other.get_or_set("article-version:b", "second", timeout=None) == "first"
