"""RSS and Atom feeds of the published articles, newest first.

Every address in a feed is a full one on SITE_URL: the documented `link`, `feed_url` and
`item_link` of Django's Feed may return "a URL with the fully-qualified domain and protocol",
which Django then uses as it is. Given a path, Django would add the request's scheme and the
current site's domain instead, and the request's scheme (X-Forwarded-Proto) is the reader's to
choose.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from .models import Article

FEED_LENGTH = 20


class ReadableFeed(Feed):
    """A feed that a person who opens it in a browser can read.

    A browser navigating to the address says so (Sec-Fetch-Dest: document) and gets the feed's
    own items as a page of the site, with how to follow it; feed readers, which never send
    that, get the XML. Browsers show a feed's raw XML otherwise, and XSLT, the old way to
    style it, is on its way out of them.
    """

    def __call__(self, request, *args, **kwargs):
        if request.headers.get("Sec-Fetch-Dest") != "document":
            response = super().__call__(request, *args, **kwargs)
        else:
            feed = self.get_feed(self.get_object(request, *args, **kwargs), request)
            context = {"feed": feed.feed, "items": feed.items, "feed_address": request.path}
            response = render(request, "feed.html", context)
        patch_vary_headers(response, ["Sec-Fetch-Dest"])
        return response


class ArticlesFeed(ReadableFeed):
    description = _("New articles on hemifacial spasm: what it is and how it is treated.")
    url_name = "articles:feed_rss"

    def title(self):
        return settings.SITE_NAME

    def link(self):
        return settings.SITE_URL + reverse("articles:list")

    def feed_url(self):
        return settings.SITE_URL + reverse(self.url_name)

    def items(self):
        return Article.objects.published().prefetch_related("changes")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The summary is plain text, and feed readers read a description as HTML.
        return escape(item.summary or item.title)

    def item_link(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = Atom1Feed
    subtitle = ArticlesFeed.description
    url_name = "articles:feed_atom"
