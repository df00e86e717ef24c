"""The first moderator account, created once by `make run`."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command


def test_ensure_moderator_creates_one_account_with_a_generated_password(db):
    first = io.StringIO()
    call_command("ensure_moderator", stdout=first)
    user = get_user_model().objects.get(username="moderator")
    password = first.getvalue().split("password: ")[1].split()[0]
    assert user.is_superuser and user.check_password(password)
    assert len(password) >= 16

    again = io.StringIO()
    call_command("ensure_moderator", stdout=again)
    assert "password" not in again.getvalue()
    assert "/admin/" in again.getvalue()
    assert get_user_model().objects.count() == 1
