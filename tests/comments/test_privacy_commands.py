"""Privacy: old IP addresses purged, a commenter's data exported or erased on request."""

import io
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import CommandError, call_command
from django.utils import timezone

from comments.models import Comment, PrivacyAudit
from comments.privacy import email_hash


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def marias(article, make_comment):
    return [
        make_comment(
            article,
            author_name="Maria",
            author_email="maria@example.com",
            author_url="https://maria.example",
            user_agent="Firefox",
            body=f"Comment {number}",
        )
        for number in range(2)
    ]


def test_purge_blanks_ips_and_user_agents_older_than_the_given_days(article, make_comment):
    old = make_comment(
        article, user_agent="Firefox", created_at=timezone.now() - timezone.timedelta(days=91)
    )
    recent = make_comment(article, user_agent="Firefox")
    assert "of 1 comment." in run("purge_comment_ips", "--days", "90")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (recent.ip_address, recent.user_agent) == ("203.0.113.9", "Firefox")


def test_purge_defaults_to_the_retention_setting(article, make_comment, settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 10
    make_comment(article, created_at=timezone.now() - timezone.timedelta(days=11))
    assert "of 1 comment." in run("purge_comment_ips")


def test_export_prints_everything_kept_about_a_commenter_as_json(marias, make_comment, article):
    make_comment(article, author_email="someone.else@example.com")
    data = json.loads(run("export_commenter", "MARIA@example.com"))
    assert data["email"] == "maria@example.com"
    assert [c["text"] for c in data["comments"]] == ["Comment 0", "Comment 1"]
    assert data["comments"][0]["ip_address"] == "203.0.113.9"
    assert data["comments"][0]["user_agent"] == "Firefox"
    assert data["comments"][0]["website"] == "https://maria.example"


def test_erase_anonymises_a_commenters_comments_and_keeps_their_text(marias):
    assert "Anonymised 2 comments" in run("erase_commenter", "maria@example.com")
    for comment in marias:
        comment.refresh_from_db()
        assert (comment.author_name, comment.author_email, comment.author_url) == (
            "Anonymous", "", "",
        )  # fmt: skip
        assert (comment.ip_address, comment.user_agent) == (None, "")
        assert comment.body.startswith("Comment ")


def test_erase_also_blanks_the_name_in_the_admin_log(marias, moderator):
    LogEntry.objects.log_actions(user_id=moderator.pk, queryset=marias, action_flag=CHANGE)
    run("erase_commenter", "maria@example.com")
    assert not LogEntry.objects.filter(object_repr__contains="Maria").exists()


def test_erase_with_delete_removes_the_comments(marias):
    assert "Deleted 2 comments" in run("erase_commenter", "maria@example.com", "--delete")
    assert not Comment.objects.filter(pk__in=[c.pk for c in marias]).exists()


def test_erase_refuses_an_empty_email(seed_article):
    """The 2010 comments have no email: an empty address must never match them."""
    with pytest.raises(CommandError):
        run("erase_commenter", " ", "--delete")
    assert Comment.objects.filter(article=seed_article).count() == 3


def test_export_of_an_empty_email_lists_nothing(seed_article):
    assert json.loads(run("export_commenter", ""))["comments"] == []


# The privacy audit and the erasure ledger


def test_export_command_leaves_one_audit_entry_naming_the_command_line_user(marias):
    run("export_commenter", "Maria@Example.com")
    entry = PrivacyAudit.objects.get()
    assert (entry.action, entry.comment_count, entry.via) == ("export", 2, "export_commenter")
    assert entry.email_hash == email_hash("maria@example.com")
    assert entry.actor.startswith("command line (")
    assert "maria" not in str(list(PrivacyAudit.objects.values())).lower()


@pytest.mark.parametrize(("flags", "action"), [((), "anonymise"), (("--delete",), "delete")])
def test_erase_command_leaves_one_audit_entry_without_the_email(marias, flags, action):
    run("erase_commenter", "maria@example.com", *flags)
    entry = PrivacyAudit.objects.get()
    assert (entry.action, entry.comment_count, entry.via) == (action, 2, "erase_commenter")
    assert entry.email_hash == email_hash("maria@example.com")
    assert entry.actor.startswith("command line (")
    assert "maria" not in str(list(PrivacyAudit.objects.values())).lower()


def test_the_email_hash_is_keyed_on_the_secret_key(settings):
    before = email_hash("maria@example.com")
    assert before == email_hash(" MARIA@example.com ")
    assert len(before) == 64 and "maria" not in before
    settings.SECRET_KEY = "another-secret-key-of-enough-length-for-a-test"
    assert email_hash("maria@example.com") != before


@pytest.mark.parametrize(("flags", "action"), [((), "anonymise"), (("--delete",), "delete")])
def test_erasing_writes_a_private_ledger_line_without_the_email(
    marias, erasure_ledger, flags, action
):
    run("erase_commenter", "maria@example.com", *flags)
    [line] = erasure_ledger.read_text().splitlines()
    digest, recorded, _ = line.split(" ")
    assert (digest, recorded) == (email_hash("maria@example.com"), action)
    assert "maria" not in line
    assert erasure_ledger.stat().st_mode & 0o777 == 0o600
    assert erasure_ledger.parent.stat().st_mode & 0o777 == 0o700
