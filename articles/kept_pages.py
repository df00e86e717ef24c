"""The caching of article pages: the headers every article page carries, and the copies of
pages the site keeps itself.

An article page is a public document: whoever asks for the same address gets the same bytes
(no CSRF token, no cookie, nothing about the reader), so it goes out with
`Cache-Control: public, max-age=PUBLIC_PAGE_MAX_AGE` and browsers, nginx's proxy_cache or a CDN
may keep it that long. A page a part made private (articles/page_parts.py: a poster's own view
of their waiting comment) says `private, no-store` instead and is never kept.

The site keeps the page of each plain address (the article's own, or `?page=N`) in Django's
default cache, which every worker shares (Redis, or the database cache), for up to
COMMENTS_PAGE_CACHE seconds (0: never). The key holds the article's `page_version`, which
every write that changes the page replaces in its own transaction (articles/models.py,
comments/models.py): a copy is never served once its page has changed, and no write needs to
know this module. The version is also the page's ETag, so a reader who has the page gets a 304
(ConditionalGetMiddleware) without it being rendered.
"""

import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag

logger = logging.getLogger(__name__)

# The addresses kept: the article's own, or a plain page number. Anything else (an odd
# `?page=`, `?replytocom=`) is rendered each time, so no one can fill the cache with copies of
# one page under many addresses.
KEPT_QUERY = re.compile(r"(?:page=(?P<page>[1-9][0-9]{0,5}))?")


def serve(request, article, render):
    """The response for `article`'s page: a kept copy, or `render()` (kept when it may be)."""
    key = _key(request, article)
    content = _get(key)
    if content is not None:
        response = HttpResponse(content)
    else:
        response = render()
        if key and response.status_code == 200 and not response.has_header("Cache-Control"):
            _set(key, response.content)
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        if key:
            response["ETag"] = quote_etag(key.partition(":")[2])
    return response


def _key(request, article):
    if not settings.COMMENTS_PAGE_CACHE:
        return None
    match = KEPT_QUERY.fullmatch(request.META.get("QUERY_STRING", ""))
    if match is None:
        return None
    return f"article-page:{article.pk}-{article.page_version}-{match['page'] or 1}"


def _get(key):
    if key is None:
        return None
    try:
        return cache.get(key)
    except Exception:  # a cache that does not answer must not stop readers
        logger.exception("Article page cache unavailable")
        return None


def _set(key, content):
    try:
        cache.set(key, content, settings.COMMENTS_PAGE_CACHE)
    except Exception:
        logger.exception("Article page cache unavailable")
