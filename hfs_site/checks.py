"""System checks of SITE_URL (registered in hfs_site/apps.py). It is where every absolute
address in pages, feeds, the sitemap and emails points, so a wrong one sends readers and search
engines elsewhere."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


def site_url_check(app_configs, **kwargs):
    """An http:// SITE_URL on a site served over HTTPS is refused: every `manage.py` command
    (`migrate` and `check --deploy` of the release steps among them) stops on it."""
    if settings.HTTPS and not settings.SITE_URL.startswith("https://"):
        return [
            Error(
                f"DJANGO_SITE_URL is {settings.SITE_URL} while DJANGO_HTTPS=1.",
                hint="Set DJANGO_SITE_URL to the https:// address readers use.",
                id="hfs_site.E001",
            )
        ]
    return []


def site_url_deploy_check(app_configs, **kwargs):
    """`check --deploy` reports a SITE_URL on this machine's own address (the default)."""
    if urlsplit(settings.SITE_URL).hostname in LOOPBACK_HOSTS:
        return [
            Warning(
                f"DJANGO_SITE_URL is {settings.SITE_URL}, an address of this machine: canonical "
                "links, feeds, the sitemap and emails would point there.",
                hint="Set DJANGO_SITE_URL to the address readers use.",
                id="hfs_site.W002",
            )
        ]
    return []
