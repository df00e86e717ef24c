"""RSS and Atom feeds of the comments readers see under an article, newest first.

A comment's text goes out escaped (feed readers read a description as HTML), and no feed
ever carries a commenter's email address. Every address is a full one on SITE_URL, never on
the request's host or scheme (see articles/feeds.py).
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from articles.feeds import ReadableFeed
from articles.models import Article

FEED_LENGTH = 50


class ArticleCommentsFeed(ReadableFeed):
    url_name = "seo:comments_rss"

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, article):
        return _("Comments on “%(title)s”") % {"title": article.title}

    def link(self, article):
        return f"{settings.SITE_URL}{article.get_absolute_url()}#comments"

    def description(self, article):
        return _("The comments readers left under “%(title)s”, newest first.") % {
            "title": article.title
        }

    def feed_url(self, article):
        return settings.SITE_URL + reverse(self.url_name, kwargs={"slug": article.slug})

    def items(self, article):
        return article.comments.approved().order_by("-created_at")[:FEED_LENGTH]

    def item_title(self, item):
        # Translators: a comment's title in the feed: who wrote it, under which article.
        return _("%(name)s on “%(title)s”") % {
            "name": item.author_name,
            "title": item.article.title,
        }

    def item_description(self, item):
        return linebreaks(item.body, autoescape=True)

    def item_link(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.author_name


class ArticleCommentsAtomFeed(ArticleCommentsFeed):
    feed_type = Atom1Feed
    url_name = "seo:comments_atom"

    def subtitle(self, article):
        return self.description(article)
