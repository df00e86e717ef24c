from django.core.management.base import BaseCommand

from comments import spamfilter


class Command(BaseCommand):
    help = (
        "Rebuild the spam filter's counts from every comment a moderator decided (approved, "
        "marked as spam or not spam). The starter set is read from its file, not stored."
    )

    def handle(self, *args, **options):
        count = spamfilter.rebuild()
        starter = spamfilter.starter_counts().documents
        self.stdout.write(
            f"Learned {count} decided comment{'s' * (count != 1)}, beside the starter set's "
            f"{starter[spamfilter.SPAM]} spam and {starter[spamfilter.HAM]} genuine comments."
        )
