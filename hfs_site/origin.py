"""Refusing form posts sent from other sites, without a token in the page.

The comment form sits on a page that is the same for every reader and may be kept by any
cache, so it carries no CSRF token. A browser says where a request comes from instead, and
only a browser can be made to post by another site: a POST whose `Sec-Fetch-Site` is neither
`same-origin` nor `none` (typed or bookmarked) is refused; a browser too old to send it sends
`Origin`, which must then be this site. A request with neither header is not a browser's
cross-site request (curl, a script of one's own, a very old browser posting to the same site)
and goes through. This is the rule of Go 1.25's `http.CrossOriginProtection` and of Filippo
Valsorda's "CSRF" write-up; the admin and everything a logged-in user does keep Django's token.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
SAME_SITE_FETCHES = {"same-origin", "none"}


def is_cross_origin(request):
    if request.method in SAFE_METHODS:
        return False
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site not in SAME_SITE_FETCHES and not _trusted(request)
    origin = request.headers.get("Origin")
    if not origin:
        return False
    return urlsplit(origin).netloc != request.get_host() and not _trusted(request)


def _trusted(request):
    """An Origin named in CSRF_TRUSTED_ORIGINS, or the site's own address (SITE_URL)."""
    origin = request.headers.get("Origin", "")
    trusted = {*settings.CSRF_TRUSTED_ORIGINS, getattr(settings, "SITE_URL", "")}
    return bool(origin) and origin.rstrip("/") in {item.rstrip("/") for item in trusted if item}


def same_origin_posts_only(view):
    """Let a reader's form post in without a CSRF token, unless it comes from another site:
    then answer 403 with a page that says so, and the view never runs."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if is_cross_origin(request):
            response = render(request, "403_cross_origin.html", status=403)
            response["Cache-Control"] = "no-store"
            return response
        return view(request, *args, **kwargs)

    return wrapped
