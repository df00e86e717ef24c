"""Setting up the moderators: `make run` gives the generated moderator the address in
MODERATOR_EMAIL (ensure_moderator asks for one only in a terminal, and never waits for input
without one), and the admin shows moderators their work (comments, blocked terms), while users,
groups and the sign-in records stay with superusers."""

import io
import os
import pty
import shutil
import sqlite3
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from tests.servers import PROJECT_DIR, manage, site_env

# ensure_moderator


@pytest.fixture(autouse=True)
def no_moderator_email(monkeypatch):
    """The tests' own MODERATOR_EMAIL, never the one of the shell that runs them."""
    monkeypatch.delenv("MODERATOR_EMAIL", raising=False)


def test_the_generated_moderator_gets_the_address_given(db, django_user_model, capsys):
    call_command("ensure_moderator", email="grace@example.com")
    assert django_user_model.objects.get(username="moderator").email == "grace@example.com"
    assert "Waiting comments are emailed to grace@example.com" in capsys.readouterr().out


def test_the_address_is_read_from_moderator_email(db, django_user_model, monkeypatch):
    monkeypatch.setenv("MODERATOR_EMAIL", "grace@example.com")
    call_command("ensure_moderator")
    assert django_user_model.objects.get(username="moderator").email == "grace@example.com"


def test_a_wrong_address_stops_the_command_before_any_account_is_made(
    db, django_user_model, monkeypatch
):
    monkeypatch.setenv("MODERATOR_EMAIL", "grace at example")
    with pytest.raises(CommandError, match="is not an email address"):
        call_command("ensure_moderator")
    assert not django_user_model.objects.exists()


def test_an_address_given_later_goes_to_the_moderator_account(db, django_user_model):
    call_command("ensure_moderator", stdout=io.StringIO())
    call_command("ensure_moderator", email="grace@example.com", stdout=io.StringIO())
    assert django_user_model.objects.get(username="moderator").email == "grace@example.com"


def test_later_runs_say_that_no_one_is_told_while_no_moderator_has_an_address(db, capsys):
    call_command("ensure_moderator")
    call_command("ensure_moderator")
    later = capsys.readouterr().out.split("Two-factor sign-in")[-1]
    assert "No moderator has an email address: no one is told when comments wait." in later
    assert "MODERATOR_EMAIL=you@example.com make run" in later


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    """A migrated SQLite database file, made once; each test copies it."""
    path = tmp_path_factory.mktemp("moderator-setup") / "site.sqlite3"
    manage("migrate", "--noinput", env=site_env(DATABASE_URL=f"sqlite:///{path}"))
    return path


@pytest.fixture
def site_database(migrated_database, tmp_path):
    """(environment of a site on a fresh copy of the database, that copy's path)."""
    path = tmp_path / "site.sqlite3"
    shutil.copy(migrated_database, path)
    return site_env(DATABASE_URL=f"sqlite:///{path}"), path


def moderator_email(path):
    with sqlite3.connect(path) as connection:
        [(email,)] = connection.execute("SELECT email FROM auth_user WHERE username='moderator'")
    return email


def test_without_a_terminal_it_never_waits_for_an_address(site_database):
    env, path = site_database
    result = subprocess.run(
        [sys.executable, "manage.py", "ensure_moderator"],
        cwd=PROJECT_DIR, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert result.returncode == 0
    assert "Email address for the moderator" not in result.stdout
    assert "No email address: no one is told when comments wait." in result.stdout
    assert moderator_email(path) == ""


def test_in_a_terminal_it_asks_once_for_the_address(site_database):
    env, path = site_database
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "ensure_moderator"],
            cwd=PROJECT_DIR, env=env, stdin=follower, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        os.write(leader, b"grace@example.com\n")  # typed ahead: the terminal keeps the line
        output, _ = process.communicate(timeout=60)
    finally:
        os.close(follower)
        os.close(leader)
    assert process.returncode == 0
    assert output.count("Email address for the moderator") == 1
    assert moderator_email(path) == "grace@example.com"


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_make_run_gives_the_moderator_the_address_in_moderator_email(site_database):
    """The line `make run` runs ensure_moderator with, as make prints it, run by a shell as
    make would, with MODERATOR_EMAIL set on make's command line."""
    env, path = site_database
    plan = subprocess.run(
        ["make", "-n", "run", "MODERATOR_EMAIL=grace@example.com"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    [line] = [line for line in plan.stdout.splitlines() if "ensure_moderator" in line]
    result = subprocess.run(
        ["sh", "-c", line],
        cwd=PROJECT_DIR, env={**env, "MODERATOR_EMAIL": "grace@example.com"},
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert moderator_email(path) == "grace@example.com"


# What moderators see in the admin


@pytest.fixture
def group_moderator(client, django_user_model):
    user = django_user_model.objects.create_user("grace", "grace@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    return client


def test_moderators_see_comments_blocked_terms_and_the_queue(group_moderator):
    index = group_moderator.get("/admin/").text
    assert 'href="/admin/comments/comment/"' in index
    assert 'href="/admin/comments/blockedterm/"' in index
    comments = group_moderator.get("/admin/comments/comment/").text
    assert 'href="/admin/comments/comment/queue/"' in comments
    assert group_moderator.get("/admin/comments/comment/queue/").status_code == 200


def test_moderators_do_not_see_users_groups_or_sign_in_records(group_moderator):
    index = group_moderator.get("/admin/").text
    for url in ["/admin/auth/", "/admin/axes/"]:
        assert f'href="{url}' not in index


@pytest.fixture
def staff_with_user_permissions(client, django_user_model):
    """A staff user who is not a superuser, given every permission on users, groups and
    django-axes' records."""
    user = django_user_model.objects.create_user("sam", "sam@example.com", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["auth", "axes"])
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/auth/user/",
        "/admin/auth/group/",
        "/admin/auth/user/add/",
        "/admin/axes/accessattempt/",
        "/admin/axes/accesslog/",
        "/admin/axes/accessfailurelog/",
    ],
)
def test_users_groups_and_sign_in_records_are_for_superusers_alone(
    staff_with_user_permissions, url
):
    assert staff_with_user_permissions.get(url).status_code == 403


def test_a_staff_user_with_user_permissions_is_not_shown_them(staff_with_user_permissions):
    index = staff_with_user_permissions.get("/admin/").text
    assert 'href="/admin/auth/' not in index
    assert 'href="/admin/axes/' not in index


def test_superusers_still_manage_users_and_see_the_sign_in_records(admin_client):
    index = admin_client.get("/admin/").text
    assert 'href="/admin/auth/user/"' in index
    assert 'href="/admin/axes/accessattempt/"' in index
    assert admin_client.get("/admin/auth/user/add/").status_code == 200
