from urllib.parse import urlsplit

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.conf import settings
from django.core import checks
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, router
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .checks import site_url_check, site_url_deploy_check


def create_cache_table(using="default", **kwargs):
    """Without Redis the site's cache is a table of its database (settings.CACHES): made by
    every `migrate`, so a new database never lacks it. Django's createcachetable does nothing
    for a table that exists, or for a cache that is not the database's."""
    call_command("createcachetable", database=using, verbosity=0)


def site_follows_site_url(app_config, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """Give the sites framework's Site (SITE_ID) SITE_URL's host and port, and SITE_NAME.

    Django's sitemap view takes its domain from that Site (the sitemaps documentation asks for
    the sites framework; without it the domain is the request's Host header). Every `migrate`
    runs this, as `make run` and the release steps do, so the Site follows DJANGO_SITE_URL.
    """
    try:
        Site = apps.get_model("sites", "Site")
    except LookupError:  # the sites framework's table is not made yet
        return
    if not router.allow_migrate_model(using, Site):
        return
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.SITE_NAME},
    )


class SiteConfig(AppConfig):
    name = "hfs_site"
    verbose_name = _("Site")

    def ready(self):
        # post_migrate is sent once for each app with models (this one has none); after the
        # first, createcachetable finds the table there and does nothing.
        post_migrate.connect(create_cache_table, dispatch_uid="hfs_site.create_cache_table")
        # Sent after the sites framework's own receiver (which makes example.com if no Site).
        post_migrate.connect(site_follows_site_url, sender=global_apps.get_app_config("sites"))
        checks.register(site_url_check, checks.Tags.security)
        checks.register(site_url_deploy_check, checks.Tags.security, deploy=True)
