"""What sitemap.xml lists: the published articles and the site's fixed pages, on SITE_URL.

Django's sitemap view writes each address as the sitemap's `protocol` (documented; without it,
the request's scheme) and the current Site's domain: the sites framework's Site, which
hfs_site/apps.py keeps equal to SITE_URL's host at every migrate. Without the sites framework
the domain would be the request's Host header.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article


class SiteUrlSitemap(Sitemap):
    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme


class ArticleSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at").prefetch_related("changes")

    def lastmod(self, item):
        return item.modified_at


class PageSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return ["articles:list", "articles:about"]

    def location(self, item):
        return reverse(item)
