"""The article page as most readers get it: rendered once, kept in the "pages" cache, served
with a fresh CSRF token and a fresh comment-form timestamp on every response.

Who gets the kept copy: readers without a session, that is, not logged in and not the poster
of a comment still waiting (both live in the session). Anyone with a session gets the page
rendered for them, so a poster's own waiting comment is never kept nor served to others.

When a kept copy is out of date: every article has a *version* in the cache, a random token
replaced by `article_changed()` on any change readers could see (the article or its videos
saved, a comment approved, removed, edited or erased...). A copy made under another version is
never served. The version is read before the page's data, so a copy can only be stored under a
version that is already out of date, never the reverse. It is also the page's ETag, and a
matching If-None-Match is answered 304.

The cache is shared by every process that serves the site (Redis, or files on one machine:
see CACHES["pages"] in settings), so a change made through one reaches all.
COMMENTS_PAGE_CACHE is how long a copy is kept at most, in seconds; 0 turns all this off.
"""

import re
import uuid
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac

# ?page= values kept: none, or a plain page number. Anything else is rendered but not kept, so
# no one can fill the cache with copies of one page under many addresses.
KEPT_PAGE = re.compile(r"[1-9][0-9]{0,5}")
# What a kept copy leaves to every response: marker -> function(request) giving its value.
FRESH_SLOTS = {}
# The pages this process served last, by key and version. A page never changes under one
# version, so this copy needs no invalidation of its own: it only saves reading (and
# decompressing) the shared copy on every request. A few MB at most.
LOCAL_PAGES = OrderedDict()
LOCAL_PAGES_MAX = 32


def slot_marker(name):
    """A placeholder for a per-response value. Derived from the secret key: no commenter can
    type it, and every process agrees on it."""
    return "slot-" + salted_hmac("articles.pagecache.slot", name).hexdigest()[:24]


def register_slot(name, make):
    """Let `make(request)` fill the marker `slot_marker(name)` in every article page."""
    FRESH_SLOTS[slot_marker(name)] = make
    return slot_marker(name)


CSRF_SLOT = register_slot("csrf-token", get_token)


def fill_slots(request, html):
    for marker, make in FRESH_SLOTS.items():
        if marker in html:
            html = html.replace(marker, make(request))
    return html


class KeptPage:
    """A kept page ready to serve: its UTF-8 bytes cut at the slot markers, so a response
    costs one join, not a search and a copy of the whole page per slot and an encoding (a
    tenth of a warm 130 KB page's time)."""

    def __init__(self, html):
        markers = "|".join(re.escape(marker) for marker in FRESH_SLOTS)
        parts = re.split(f"({markers})", html) if markers else [html]
        # Even positions: the page's text; odd positions: the markers found between.
        self.parts = [part if index % 2 else part.encode() for index, part in enumerate(parts)]

    def fill(self, request):
        values = {}
        chunks = self.parts.copy()
        for index in range(1, len(chunks), 2):
            marker = chunks[index]
            if marker not in values:
                values[marker] = FRESH_SLOTS[marker](request).encode()
            chunks[index] = values[marker]
        return b"".join(chunks)


def enabled():
    return settings.COMMENTS_PAGE_CACHE > 0


def _pages():
    return caches["pages"]


def _version_key(slug):
    return f"article-version:{slug}"


def current_version(slug):
    return _pages().get_or_set(_version_key(slug), _new_version, timeout=None)


def _new_version():
    return uuid.uuid4().hex[:16]


# The home page lists every article with its comment count, so it has a version of its own,
# replaced with any article's. "*" is no slug, so no article can share it.
ARTICLE_LIST = "*"


def article_changed(*slugs):
    """Give these articles, and the list of articles, a new version: their kept pages are not
    served again.

    Done at once and again when the transaction commits: a reader who rendered the page in
    between, from data read before the commit, stores it under a version that is already old.
    """

    def bump():
        versions = {_version_key(slug): _new_version() for slug in (*slugs, ARTICLE_LIST)}
        _pages().set_many(versions, timeout=None)

    if enabled() and slugs:
        bump()
        transaction.on_commit(bump)


def do_not_keep(request):
    """Render this response for its reader only (e.g. a page number beyond the last page)."""
    request._page_not_kept = True


def _page_key(slug, page):
    return f"article-page:{slug}:{page}"


def _etag(version, page):
    return f'W/"{version}-{page}"'


def _shared_page(request):
    """The page number asked for, if the reader may get the page everyone gets: a GET or HEAD
    without a session (so not logged in and no comment of theirs waiting) and nothing in the
    query but a plain page number. None otherwise."""
    if request.method not in ("GET", "HEAD") or not request.session.is_empty():
        return None
    if not request.META.get("QUERY_STRING"):
        return "1"
    page = request.GET.get("page", "1")
    if set(request.GET) <= {"page"} and KEPT_PAGE.fullmatch(page):
        return page
    return None


# The request headers that make a GET conditional: only they need get_conditional_response.
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
# What _finish gives a response that has neither header yet.
FINISHED_HEADERS = {"Vary": "Cookie", "Cache-Control": "private, no-cache"}


def _finish(request, response, etag=None):
    """The headers every article page has, cached or not."""
    patch_vary_headers(response, ["Cookie"])
    # Each response carries its own CSRF token: browsers may keep it, shared caches must not.
    patch_cache_control(response, private=True, no_cache=True)
    if etag:
        response.headers["ETag"] = etag
        return get_conditional_response(request, etag=etag, response=response)
    return response


def kept_for_readers(view):
    """Wrap the article view (which takes `slug`) with the kept copy described above."""

    @wraps(view)
    def wrapped(request, slug):
        page = _shared_page(request) if enabled() else None
        if page is None:
            return _finish(request, _render(view, request, slug))
        version = current_version(slug)
        etag = _etag(version, page)
        if (kept := _kept_page(_page_key(slug, page), version)) is not None:
            # _finish's headers, set at once on this new response (patching them costs more).
            response = HttpResponse(headers={**FINISHED_HEADERS, "ETag": etag})
            if any(header in request.META for header in CONDITIONAL_HEADERS):
                answer = get_conditional_response(request, etag=etag, response=response)
                if answer is not response:
                    return answer  # 304: the reader has the page (or 412)
            response.content = kept.fill(request)
            return response
        response = view(request, slug=slug)
        response.render()
        html = response.content.decode()
        if not getattr(request, "_page_not_kept", False):
            _pages().set(_page_key(slug, page), (version, html), settings.COMMENTS_PAGE_CACHE)
        response.content = fill_slots(request, html)
        return _finish(request, response, etag)

    return wrapped


def kept_list_for_readers(view):
    """Wrap the home page (the list of articles, which takes no argument) the same way."""
    kept = kept_for_readers(lambda request, slug: view(request))

    @wraps(view)
    def wrapped(request):
        return kept(request, slug=ARTICLE_LIST)

    return wrapped


def _kept_page(key, version):
    """The KeptPage of that version, from this process's copy when it has one; None when the
    shared cache has none of that version either."""
    if (local := LOCAL_PAGES.get((key, version))) is not None:
        LOCAL_PAGES.move_to_end((key, version))
        return local
    kept = _pages().get(key)
    if kept is None or kept[0] != version:
        return None
    local = LOCAL_PAGES[key, version] = KeptPage(kept[1])
    if len(LOCAL_PAGES) > LOCAL_PAGES_MAX:
        LOCAL_PAGES.popitem(last=False)
    return local


def _render(view, request, slug):
    response = view(request, slug=slug)
    if not isinstance(response, SimpleTemplateResponse):
        return response  # no page: the answer to OPTIONS, or 405 to a method the view refuses
    response.render()
    response.content = fill_slots(request, response.content.decode())
    return response
