"""Refusing form posts sent from other sites, without a token in the page.

The comment form sits on a page that is the same for every reader and may be kept by any
cache, so it carries no CSRF token. A browser says where a request comes from instead, and
only a browser can be made to post by another site: a POST whose `Sec-Fetch-Site` is neither
`same-origin` nor `none` (typed or bookmarked) is refused; a browser too old to send it sends
`Origin`, which must then be this site. A request with neither header is not a browser's
cross-site request (curl, a script of one's own, a very old browser posting to the same site)
and goes through. This is the rule of Go 1.25's `http.CrossOriginProtection` and of Filippo
Valsorda's "CSRF" write-up; the admin and everything a logged-in user does keep Django's token.

A form post is read as UTF-8, the only charset of `application/x-www-form-urlencoded`
(Django's rule, and the WHATWG URL standard's): one declared under another name of UTF-8
(`utf8`) is read, and one declared in another charset (latin-1, utf-16) gets the 400 page before
anything reads it. Left to Django, each such body raises BadRequest wherever it is read, again
on DEBUG's error page, which then answers 500.
"""

import codecs
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


def read_form_as_utf8(request):
    """Have a form post read as UTF-8 when it is declared in UTF-8 under any of its names
    (`utf8`), or in none that Python knows (Django then ignores it); False when it is declared
    in another charset."""
    if request.content_type == "application/x-www-form-urlencoded" and request.encoding:
        if codecs.lookup(request.encoding).name != "utf-8":
            return False
        request.encoding = "utf-8"
    return True


def same_origin_posts_only(view):
    """Let a reader's form post in without a CSRF token, unless it comes from another site:
    then answer 403 with a page that says so, and the view never runs. A form the site cannot
    read gets the 400 page."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if is_cross_origin(request):
            response = render(request, "403_cross_origin.html", status=403)
            response["Cache-Control"] = "no-store"
            return response
        if not read_form_as_utf8(request):
            return render(request, "400.html", status=400)
        return view(request, *args, **kwargs)

    return wrapped
