"""`manage.py backup` and `manage.py restore` bring back every comment, retire every kept
article page, and leave the cache alone: other sites may share it."""

import pytest
from django.core.cache import caches
from django.core.management import call_command

from articles.models import Article
from comments.models import Comment


@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_every_comment(tmp_path, make_article, make_comment):
    article = make_article()
    for index in range(25):
        make_comment(article, body=f"Story number {index}")
    before = sorted(Comment.objects.values_list("pk", "body", "status"))
    backup = tmp_path / "site.backup"

    call_command("backup", str(backup))
    Comment.objects.all().delete()
    make_comment(article, body="Written after the backup")
    call_command("restore", str(backup), "--yes")

    assert sorted(Comment.objects.values_list("pk", "body", "status")) == before


@pytest.fixture
def other_site_cache(settings):
    """The cache of another site sharing this one's cache server (its own key prefix)."""
    default = settings.CACHES["default"]
    settings.CACHES = {**settings.CACHES, "other": {**default, "KEY_PREFIX": "other-site"}}
    yield caches["other"]
    caches["other"].delete("their-page")


@pytest.mark.django_db(transaction=True)
def test_restore_leaves_what_other_sites_keep_in_the_cache(tmp_path, article, other_site_cache):
    other_site_cache.set("their-page", "still here", None)
    call_command("backup", str(tmp_path / "site.backup"))
    call_command("restore", str(tmp_path / "site.backup"), "--yes")
    assert other_site_cache.get("their-page") == "still here"


@pytest.mark.django_db(transaction=True)
def test_article_pages_kept_before_a_restore_are_out_of_date_after_it(tmp_path, client, article):
    """The backup holds the page version the pages were kept under: a restore replaces it."""
    kept = client.get(article.get_absolute_url())
    call_command("backup", str(tmp_path / "site.backup"))
    call_command("restore", str(tmp_path / "site.backup"), "--yes")

    restored = Article.objects.get(pk=article.pk)
    assert restored.page_version != article.page_version
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=kept["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != kept["ETag"]
