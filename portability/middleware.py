"""The old addresses of an imported site: each answers 301 with its new address, from the
redirects table the importers fill and editors keep in the admin (django.contrib.redirects)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.redirects.middleware import RedirectFallbackMiddleware
from django.contrib.redirects.models import Redirect
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control

# WordPress's query keys that name one item of the old site: a post, a page, an attachment, a
# feed (/?p=123, /?page_id=7, /?attachment_id=9, /?feed=rss2). Checked in this order; the
# others (utm_*, replytocom, cpage) never enter the old path. The keys of listings (cat, tag,
# m, author, s) are left to the home page, which lists what there is.
WORDPRESS_ITEM_KEYS = ("p", "page_id", "attachment_id", "feed")
# Where WordPress served those on a blog at the root of its site, as this one's home page is.
WORDPRESS_HOME_PATHS = ("/", "/index.php")
# How long browsers and shared caches may keep a 301. A 301 without a lifetime is kept by
# browsers for good; with one, an editor's fix of a wrong redirect reaches every reader within it.
REDIRECT_MAX_AGE = 24 * 60 * 60


class OldAddressRedirect(HttpResponsePermanentRedirect):
    """A 301 that is the same for everyone, kept at most REDIRECT_MAX_AGE."""

    def __init__(self, redirect_to, *args, **kwargs):
        super().__init__(redirect_to, *args, **kwargs)
        patch_cache_control(self, public=True, max_age=REDIRECT_MAX_AGE)


def wordpress_item_path(request):
    """The old path of the WordPress item the address names, its key alone ("/?p=123" for
    "/index.php?utm_source=x&p=123"), as the importers write it; None for any other address."""
    key = next((key for key in WORDPRESS_ITEM_KEYS if request.GET.get(key)), None)
    if key is None:
        return None
    path = "/" if request.path in WORDPRESS_HOME_PATHS else request.path
    return f"{path}?{urlencode({key: request.GET[key]})}"


class OldAddressesMiddleware(RedirectFallbackMiddleware):
    """django.contrib.redirects' fallback (a 404 whose path and query are an old path answers
    301 with the new one; 410 Gone for a redirect to ""), which also finds a WordPress item
    address by its key alone; and those addresses on the home page, which never 404 here: the
    home page would answer them with itself.

    An old item on the home page that the table does not know answers 404, not the home page,
    so that a link to a post that was never imported does not look alive. Any other request
    costs nothing: no query unless the response is a 404 or the address names an old item.
    """

    response_redirect_class = OldAddressRedirect

    def process_request(self, request):
        if request.method not in ("GET", "HEAD") or request.path not in WORDPRESS_HOME_PATHS:
            return None
        old_path = wordpress_item_path(request)
        if old_path is None:
            return None
        request.get_host()  # an unknown Host gets the 400 page here too (CommonMiddleware's check)
        response = self.redirect_from(old_path)
        if response is None:
            raise Http404("No such page of the old site.")
        return response

    def process_response(self, request, response):
        """The fallback's answer; for a 404 it left, the WordPress item the address names (a
        blog that lived under a folder: /blog/?p=123&utm_source=x)."""
        response = super().process_response(request, response)
        if response.status_code == 404 and (old_path := wordpress_item_path(request)):
            return self.redirect_from(old_path) or response
        return response

    def redirect_from(self, old_path):
        """The 301 (or 410) for this old path, or None if the table does not have it."""
        new_path = (
            Redirect.objects.filter(site_id=settings.SITE_ID, old_path=old_path)
            .values_list("new_path", flat=True)
            .first()
        )
        if new_path is None:
            return None
        if not new_path:
            return self.response_gone_class()
        return self.response_redirect_class(new_path)
