from functools import partial

from portability.commands import ImportCommand, ImportPlan
from portability.wp_content import rewrite_links
from portability.wxr import read_channel, read_wxr


class Command(ImportCommand):
    help = (
        "Import a WordPress export (the WXR file of Tools → Export → All content): posts with "
        "their comments, and redirects from the old addresses. A second run changes nothing; "
        "an article or comment already here is matched, not copied."
    )
    progress_label = "Reading the WordPress export"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--pages", action="store_true", help="Import the pages too, as articles."
        )

    def plan(self, path, *, on_progress, pages=False, **options):
        channel = read_channel(path)
        return ImportPlan(
            source=channel.source,
            records=read_wxr(path, pages=pages, on_progress=on_progress),
            writer_options={"rewrite_links": partial(rewrite_links, site_url=channel.blog_url)},
        )
