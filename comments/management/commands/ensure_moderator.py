import os
import secrets
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.urls import reverse

from comments import emails


class Command(BaseCommand):
    help = (
        "Create the first moderator account (a superuser) with a generated password, if the "
        "site has no staff account yet, and print it once. Its email address, where waiting "
        "comments are told, comes from --email or MODERATOR_EMAIL; given later, it replaces the "
        "account's. Without one while no moderator has an address, it asks once, and only in a "
        "terminal: it never waits for input otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="moderator")
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="The site's address, for the message."
        )
        parser.add_argument(
            "--email",
            default="",
            help="The moderator's email address (default: the MODERATOR_EMAIL variable).",
        )

    def handle(self, *args, username, url, email, **options):
        url = url.rstrip("/")
        admin_url = f"{url}/{settings.ADMIN_URL}"
        notifications_url = f"{url}{reverse('admin:notifications')}"
        two_factor = (
            "Two-factor sign-in: required (ADMIN_REQUIRE_2FA=1); "
            if settings.ADMIN_REQUIRE_2FA
            else "Two-factor sign-in: optional; ADMIN_REQUIRE_2FA=1 requires it of all staff; "
        ) + f"set it up at {admin_url}security/ (README: Two-factor sign-in)"
        email = (email or os.environ.get("MODERATOR_EMAIL", "")).strip()
        if email and not valid(email):
            raise CommandError(f"{email!r} is not an email address (MODERATOR_EMAIL, --email).")
        if not email and sys.stdin and sys.stdin.isatty() and emails.moderators_unreachable():
            email = self.ask_email()
        User = get_user_model()
        if User.objects.filter(is_staff=True).exists():
            self.stdout.write(f"Admin: {admin_url}\n{two_factor}")
            if email:
                self.set_email(User, username, email, notifications_url)
            if emails.moderators_unreachable():
                self.stdout.write(
                    self.style.WARNING(
                        "No moderator has an email address: no one is told when comments wait. "
                        f"Set one at {notifications_url}, or run: "
                        "MODERATOR_EMAIL=you@example.com make run"
                    )
                )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        told = (
            f"Waiting comments are emailed to {email}"
            if email
            else "No email address: no one is told when comments wait. Set one at "
            f"{notifications_url}, or run: MODERATOR_EMAIL=you@example.com make run"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {admin_url}\n"
                f"Moderator account created (shown this once, write it down):\n"
                f"  username: {username}\n"
                f"  password: {password}\n"
                f"Change it in the admin, or with: .venv/bin/python manage.py changepassword "
                f"{username}\n{told}\n{two_factor}"
            )
        )

    def ask_email(self):
        """One question, in a terminal: an address, or nothing (Enter)."""
        self.stdout.write(
            "Email address for the moderator, told when comments wait (Enter: none): ", ending=""
        )
        self.stdout.flush()
        answer = sys.stdin.readline().strip()
        if answer and not valid(answer):
            self.stdout.write(self.style.WARNING(f"{answer!r} is not an email address: skipped."))
            return ""
        return answer

    def set_email(self, User, username, email, notifications_url):
        user = User.objects.filter(username=username, is_staff=True).first()
        if user is None:
            self.stdout.write(
                self.style.WARNING(
                    f"No staff account named {username!r}: {email} was not given to anyone. "
                    f"Each moderator sets their own address at {notifications_url}"
                )
            )
        elif user.email != email:
            user.email = email
            user.save(update_fields=["email"])
            self.stdout.write(f"Waiting comments are emailed to {email} ({username}).")


def valid(email):
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True
