import json

from django.core.management.base import BaseCommand

from comments.privacy import command_line_actor, commenter_export


class Command(BaseCommand):
    help = (
        "Print as JSON everything the site keeps about the commenter with this email address "
        "(recorded in the privacy audit)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        data = commenter_export(email, actor=command_line_actor(), via="export_commenter")
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
