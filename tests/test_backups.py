"""`manage.py backup` and `manage.py restore` bring back every comment, retire every kept
article page, and leave the cache alone: other sites may share it. Backups and the SQLite
database are readable by their owner only: they hold emails, IP addresses and password hashes.
A commenter erased after a backup was taken stays erased when it is restored (the erasure
ledger)."""

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client

from articles.models import Article
from comments.models import Comment, PrivacyAudit
from comments.privacy import email_hash
from comments.status_links import status_url

PROJECT_DIR = Path(__file__).resolve().parent.parent


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


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    backup = tmp_path / "site.backup"
    old_umask = os.umask(0o022)
    try:
        call_command("backup", str(backup))
    finally:
        os.umask(old_umask)
    assert mode_of(backup) == 0o600


@pytest.mark.django_db(transaction=True)
def test_a_backup_written_over_an_older_file_is_readable_by_its_owner_only(tmp_path):
    backup = tmp_path / "site.backup"
    backup.touch(mode=0o644)
    call_command("backup", str(backup))
    assert mode_of(backup) == 0o600


@pytest.mark.django_db(transaction=True)
def test_the_default_backup_folder_is_its_owners_alone(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    call_command("backup")
    folder = tmp_path / "backups"
    assert mode_of(folder) == 0o700
    assert [mode_of(backup) for backup in folder.iterdir()] == [0o600]


SQLITE_FILE_MODES = """
import json, os, stat, django
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
connection.ensure_connection()
name = connection.settings_dict["NAME"]
print(json.dumps({s: stat.S_IMODE(os.stat(name + s).st_mode) for s in ("", "-wal", "-shm")}))
"""


def sqlite_file_modes(database):
    """Migrate a SQLite database at this path with the site's settings, in a process of its
    own with the usual umask (022), and the modes of its files while a connection is open."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    env.pop("DATABASE_TEST_NAME", None)
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_FILE_MODES],
        cwd=PROJECT_DIR,
        env=env,
        umask=0o022,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    modes = sqlite_file_modes(tmp_path / "db.sqlite3")
    assert modes == {"": 0o600, "-wal": 0o600, "-shm": 0o600}


def test_an_existing_sqlite_database_readable_by_others_is_made_private(tmp_path):
    database = tmp_path / "db.sqlite3"
    database.touch()
    database.chmod(0o644)
    assert sqlite_file_modes(database) == {"": 0o600, "-wal": 0o600, "-shm": 0o600}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("delete", [True, False])
def test_a_commenter_erased_after_a_backup_stays_erased_after_restoring_it(
    tmp_path, make_article, make_comment, delete
):
    article = make_article()
    erased = make_comment(article, author_name="Maria", author_email="maria@example.com")
    reply = make_comment(article, parent=erased, body="A reply by someone else")
    kept = make_comment(article, author_name="Robin", author_email="robin@example.com")
    backup = tmp_path / "site.backup"
    call_command("backup", str(backup))
    call_command(
        "erase_commenter",
        "Maria@example.com",
        *(["--delete"] if delete else []),
        stdout=io.StringIO(),
    )

    out = io.StringIO()
    call_command("restore", str(backup), "--yes", stdout=out)

    assert not Comment.objects.filter(author_email__iexact="maria@example.com").exists()
    assert not Comment.objects.filter(author_name="Maria").exists()
    assert Comment.objects.filter(pk=erased.pk).exists() is not delete
    assert Comment.objects.filter(pk=reply.pk).exists() is not delete
    assert Comment.objects.get(pk=kept.pk).author_email == "robin@example.com"
    assert "Erased again 1 comment" in out.getvalue()
    audit = PrivacyAudit.objects.get(via="restore")
    assert audit.email_hash == email_hash("maria@example.com")
    assert audit.action == ("delete" if delete else "anonymise")


@pytest.mark.django_db(transaction=True)
def test_a_restore_with_no_erasure_since_the_backup_erases_nobody(tmp_path, article, make_comment):
    make_comment(article, author_email="maria@example.com")
    call_command("backup", str(tmp_path / "site.backup"))
    call_command("restore", str(tmp_path / "site.backup"), "--yes", stdout=io.StringIO())
    assert Comment.objects.filter(author_email="maria@example.com").exists()
    assert not PrivacyAudit.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_ledger_alone_erases_again_when_the_database_was_lost(
    tmp_path, article, make_comment, erasure_ledger
):
    """The database being replaced may be gone with its audit: the ledger file outlives it."""
    make_comment(article, author_email="maria@example.com")
    call_command("backup", str(tmp_path / "site.backup"))
    call_command("erase_commenter", "maria@example.com", "--delete", stdout=io.StringIO())
    PrivacyAudit.objects.all().delete()
    assert erasure_ledger.exists()

    call_command("restore", str(tmp_path / "site.backup"), "--yes", stdout=io.StringIO())

    assert not Comment.objects.filter(author_email="maria@example.com").exists()


@pytest.mark.django_db(transaction=True)
def test_a_commenter_who_comes_back_after_an_erasure_keeps_the_new_comments(
    tmp_path, article, make_comment
):
    make_comment(article, author_email="maria@example.com", body="Before the erasure")
    call_command("erase_commenter", "maria@example.com", stdout=io.StringIO())
    back = make_comment(article, author_email="maria@example.com", body="After the erasure")
    call_command("backup", str(tmp_path / "site.backup"))

    call_command("restore", str(tmp_path / "site.backup"), "--yes", stdout=io.StringIO())

    assert Comment.objects.get(pk=back.pk).author_email == "maria@example.com"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", ["anonymise", "withdraw"])
def test_a_comment_its_poster_erased_after_a_backup_stays_erased_after_restoring_it(
    tmp_path, article, make_comment, action
):
    erased = make_comment(article, author_name="Maria", author_email="maria@example.com")
    other = make_comment(article, author_name="Maria", author_email="maria@example.com")
    call_command("backup", str(tmp_path / "site.backup"))
    Client().post(f"{status_url(erased)}{action}/")

    out = io.StringIO()
    call_command("restore", str(tmp_path / "site.backup"), "--yes", stdout=out)

    erased.refresh_from_db()
    assert erased.author_email == ""
    assert erased.author_name == ("Anonymous" if action == "anonymise" else "")
    assert (erased.withdrawn_at is not None) is (action == "withdraw")
    # The poster's other comment is theirs still: one comment was erased, not the commenter.
    assert Comment.objects.get(pk=other.pk).author_email == "maria@example.com"
    assert "Erased again 1 comment" in out.getvalue()
