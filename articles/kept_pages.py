"""The caching of article pages (KeptPagesMiddleware): the headers every article page
carries, and the copies of pages the site keeps itself.

An article page is a public document: whoever asks for the same address in the same language
gets the same bytes (no CSRF token, no cookie, nothing else about the reader), so it goes out with
`Cache-Control: public, max-age=PUBLIC_PAGE_MAX_AGE` and browsers, nginx's proxy_cache or a CDN
may keep it that long. A page a part made private (articles/page_parts.py: a poster's own view
of their waiting comment) says `private, no-store` instead and is never kept.

The site keeps the page of each plain address (the article's own, or `?page=N`) in Django's
default cache, which every worker and app server shares (Redis, or the database cache), for up
to COMMENTS_PAGE_CACHE seconds (0: never); each worker also keeps the copies it served last in
its own memory (CACHES["local"]), so a page it serves again costs no cache read. The key
holds the article's `page_version`, which every write that changes the page replaces in its
own transaction (articles/models.py, comments/models.py): a copy is never served once its page
has changed, and no write needs to know this module. The key is also the page's ETag, so a
reader who has the page gets a 304 (ConditionalGetMiddleware).

A page is the same for everyone who reads the site in the same language. The interface language
is the reader's choice (the switcher's cookie), else their browser's Accept-Language, else
LANGUAGE_CODE: this middleware runs before LocaleMiddleware, so it asks Django the same
question (translation.get_language_from_request), keeps one copy, under one key and ETag, for
each language, and renders in that language. Every page it marks public says
`Vary: Accept-Language, Cookie`, so a browser, nginx or a CDN keeps one copy for each, and
never gives a reader the page of another language (docs/architecture.md, "Languages").
"""

import functools
import hashlib
import logging
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag

from .models import Article

logger = logging.getLogger(__name__)

# The addresses kept: the article's own, or a plain page number. Anything else (an odd
# `?page=`, `?replytocom=`) is rendered each time, so no one can fill the cache with copies of
# one page under many addresses.
KEPT_QUERY = re.compile(r"(?:page=(?P<page>[1-9][0-9]{0,5}))?")
# What decides a public page's bytes besides its address: the request headers the interface
# language is read from (the language cookie, Accept-Language).
PUBLIC_VARY = ("Accept-Language", "Cookie")


class KeptPagesMiddleware:
    """Serves the kept copy of an article's page, or of the list of articles, before the rest of
    the middleware runs, and keeps the copy on the way out; gives both their caching headers.

    A kept page is the same for everyone who reads it in its language, so what the middleware
    below this one does for a reader (a session, a CSRF token, the user, messages) has nothing
    to add to it; its headers, X-Frame-Options and Content-Language included, are kept with it.
    Placed after the middleware whose headers every page carries (security, CSP) and after
    WhiteNoise (static files), as Django's own FetchFromCacheMiddleware would be, were its
    copies not keyed by their page version.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page = _page_asked(request)
        if page is None:
            return self.get_response(request)
        request.get_host()  # an unknown Host gets the 400 page here too (CommonMiddleware's check)
        language = translation.get_language_from_request(request)
        key = _key(request, page, language)
        if (kept := _get(key)) is not None:
            content, headers = kept
            return HttpResponse(content, headers=headers)
        with translation.override(language):
            response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            # Kept only if nothing below asked for more than the language (a session read
            # says Vary: Cookie, and the page may then be that reader's own).
            same_for_everyone = _varies_on(response) <= {"accept-language"}
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
            patch_vary_headers(response, PUBLIC_VARY)
            if key and response.status_code == 200:
                response["ETag"] = quote_etag(key.partition(":")[2])
                if not response.cookies and same_for_everyone:
                    _set(key, (response.content, dict(response.headers)))
        return response


def _varies_on(response):
    """The request headers named in the response's Vary, lowercased."""
    return {name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()}


def _page_asked(request):
    """For a GET or HEAD of the list of articles or of an article's page: the view's name and
    arguments (a ResolverMatch); None for any other request."""
    if request.method not in ("GET", "HEAD"):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match if match.view_name in ("articles:list", "articles:detail") else None


def _key(request, page, language):
    """The key of this address's copy in this interface language; None for an address that is
    not kept, or no article.

    An article's page: the release, the language, the article's id and page version, the page
    number. The list of articles: the release, the language and the page versions of the
    published articles (every write that changes what the list shows replaces one: a title, a
    comment count)."""
    if not settings.COMMENTS_PAGE_CACHE:
        return None
    query = request.META.get("QUERY_STRING", "")
    if page.view_name == "articles:list":
        if query:
            return None
        versions = ",".join(Article.objects.published().values_list("page_version", flat=True))
        digest = hashlib.sha256(versions.encode()).hexdigest()[:16]
        return f"article-list:{release()}-{language}-{digest}"
    match = KEPT_QUERY.fullmatch(query)
    if match is None or (version := Article.objects.page_version_of(page.kwargs["slug"])) is None:
        return None
    pk, page_version = version
    return f"article-page:{release()}-{language}-{pk}-{page_version}-{match['page'] or 1}"


@functools.cache
def release():
    """What identifies the code that renders the pages: a digest of the site's own Python
    files, templates and compiled translations, and of the static files' manifest (their
    hashed names are in every page). A copy kept, or an ETag given, by the previous release is
    never served by this one, so a new template, translation or stylesheet shows at once after
    a deploy. Read once per process."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    folders = [Path(app.path) for app in apps.get_app_configs()]
    folders += [Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    folders += [Path(folder) for folder in settings.LOCALE_PATHS]
    for folder in sorted(path for path in folders if path.is_relative_to(base)):
        for pattern in ("*.py", "*.html", "*.txt", "*.mo"):
            for path in sorted(folder.rglob(pattern)):
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:8]


def _get(key):
    """The kept copy (content, headers): this worker's own, else the shared one (then kept by
    this worker too)."""
    if key is None:
        return None
    local = caches["local"]
    if (content := local.get(key)) is not None:
        return content
    try:
        content = cache.get(key)
    except Exception:  # a cache that does not answer must not stop readers
        logger.exception("Article page cache unavailable")
        return None
    if content is not None:
        local.set(key, content, settings.COMMENTS_PAGE_CACHE)
    return content


def _set(key, content):
    caches["local"].set(key, content, settings.COMMENTS_PAGE_CACHE)
    try:
        cache.set(key, content, settings.COMMENTS_PAGE_CACHE)
    except Exception:
        logger.exception("Article page cache unavailable")
