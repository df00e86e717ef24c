from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(using="default", **kwargs):
    """Without Redis the site's cache is a table of its database (settings.CACHES): made by
    every `migrate`, so a new database never lacks it. Django's createcachetable does nothing
    for a table that exists, or for a cache that is not the database's."""
    call_command("createcachetable", database=using, verbosity=0)


class SiteConfig(AppConfig):
    name = "hfs_site"
    verbose_name = "Site"

    def ready(self):
        # post_migrate is sent once for each app with models (this one has none); after the
        # first, createcachetable finds the table there and does nothing.
        post_migrate.connect(create_cache_table, dispatch_uid="hfs_site.create_cache_table")
