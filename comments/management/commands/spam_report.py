import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comments import spamfilter
from comments.models import Comment


class Command(BaseCommand):
    help = (
        "Measure the spam filter by k-fold cross-validation on the starter set, or on a "
        "history of decided comments (--history FILE, as written by --export FILE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folds", type=int, default=10, help="k, the number of folds.")
        parser.add_argument("--seed", type=int, default=0, help="Seed of the folds' shuffle.")
        parser.add_argument(
            "--history",
            metavar="FILE",
            help="A JSON list of {label, name, website, text}: measured as the site would "
            "score it, the starter set plus the other folds.",
        )
        parser.add_argument(
            "--export",
            metavar="FILE",
            help="Write this site's decided comments to FILE in that format, and stop. It "
            "holds names and texts (never emails or IP addresses): keep it private.",
        )

    def handle(self, *args, folds, seed, history, export, **options):
        if export:
            return self.export(Path(export))
        if folds < 2:
            raise CommandError("--folds must be 2 or more.")
        starter = spamfilter.load_items(spamfilter.STARTER_SET)
        if history:
            try:
                items = spamfilter.load_items(history)
            except (OSError, ValueError) as error:
                raise CommandError(f"{history}: {error}") from None
            report = spamfilter.cross_validate(items, folds=folds, seed=seed, starter_items=starter)
            source = f"History {history}, scored beside the starter set"
        else:
            items = starter
            report = spamfilter.cross_validate(items, folds=folds, seed=seed)
            source = f"Starter set {spamfilter.STARTER_SET.name}"
        self.print_report(source, report, folds)
        return None

    def print_report(self, source, report, folds):
        def percent(part, whole):
            return f"{100 * part / whole:.1f} %" if whole else "n/a"

        mark, hold = settings.COMMENTS_SPAM_MARK_AT, settings.COMMENTS_SPAM_HOLD_AT
        spam_passed = report.spam - report.spam_marked - report.spam_held
        self.stdout.write(
            f"{source}: {report.spam} spam and {report.ham} genuine comments, {folds}-fold "
            f"cross-validation (spam at {mark}, held from {hold}).\n"
            f"  spam marked spam:              {report.spam_marked} of {report.spam} "
            f"(recall {percent(report.spam_marked, report.spam)})\n"
            f"  spam held by the filter:       {report.spam_held}\n"
            f"  spam left to the other rules:  {spam_passed} (pending unless from a known email)\n"
            f"  genuine comments marked spam:  {report.ham_marked} of {report.ham}\n"
            f"  genuine comments held:         {report.ham_held} of {report.ham}\n"
            f'  precision of "marked spam":    {100 * report.precision:.1f} %'
        )

    def export(self, path):
        labelled = Comment.objects.exclude(spam_label=Comment.SpamLabel.NONE).order_by("pk")
        items = [
            {
                "label": comment.spam_label,
                "name": comment.author_name,
                "website": comment.author_url,
                "text": comment.body,
            }
            for comment in labelled
        ]
        path.write_text(json.dumps(items, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(f"Wrote {len(items)} decided comments to {path}.")
