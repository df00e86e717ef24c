import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the first moderator account (a superuser) with a generated password, "
        "if the site has no staff account yet, and print it once. Does nothing afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="moderator")
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="The site's address, for the message."
        )

    def handle(self, *args, username, url, **options):
        admin_url = f"{url.rstrip('/')}/{settings.ADMIN_URL}"
        two_factor = (
            "Two-factor sign-in: required (ADMIN_REQUIRE_2FA=1); "
            if settings.ADMIN_REQUIRE_2FA
            else "Two-factor sign-in: optional; ADMIN_REQUIRE_2FA=1 requires it of all staff; "
        ) + f"set it up at {admin_url}security/ (README: Two-factor sign-in)"
        User = get_user_model()
        if User.objects.filter(is_staff=True).exists():
            self.stdout.write(f"Admin: {admin_url}\n{two_factor}")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {admin_url}\n"
                f"Moderator account created (shown this once, write it down):\n"
                f"  username: {username}\n"
                f"  password: {password}\n"
                f"Change it in the admin, or with: .venv/bin/python manage.py changepassword "
                f"{username}\n{two_factor}"
            )
        )
