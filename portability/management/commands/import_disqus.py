from portability.commands import ImportCommand, ImportPlan
from portability.disqus import forum_name, read_disqus


class Command(ImportCommand):
    help = (
        "Import a Disqus export (the XML file from disqus.com/admin/discussions/export/): the "
        "comments of each thread go to the article at the thread's address. A second run "
        "changes nothing; a comment already here is matched, not copied."
    )
    progress_label = "Reading the Disqus export"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--create",
            action="store_true",
            help=(
                "Make a draft article for each thread whose address matches no article, "
                "instead of leaving its comments out."
            ),
        )

    def plan(self, path, *, on_progress, create=False, **options):
        return ImportPlan(
            source=f"disqus {forum_name(path)}".rstrip(),
            records=read_disqus(path, create=create, on_progress=on_progress),
        )
