from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def robots_txt(request):
    """Every page may be crawled; the sitemap (on SITE_URL) lists them. The admin is not named
    here, since its address is kept out of sight."""
    sitemap_url = settings.SITE_URL + reverse("seo:sitemap")
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain")
