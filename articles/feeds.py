"""RSS and Atom feeds of the published articles, newest first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Article

SITE_NAME = "Hemifacial Spasm"
FEED_LENGTH = 20


class ArticlesFeed(Feed):
    title = SITE_NAME
    link = reverse_lazy("articles:list")
    description = "New articles on hemifacial spasm: what it is and how it is treated."
    feed_url = reverse_lazy("articles:feed_rss")

    def items(self):
        return Article.objects.published()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The summary is plain text, and feed readers read a description as HTML.
        return escape(item.summary or item.title)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = Atom1Feed
    subtitle = ArticlesFeed.description
    feed_url = reverse_lazy("articles:feed_atom")
