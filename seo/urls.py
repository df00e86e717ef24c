from django.contrib.sitemaps.views import sitemap
from django.urls import path

from articles.sitemaps import ArticleSitemap, PageSitemap

from . import feeds, views

app_name = "seo"

SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap}

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "feeds/articles/<slug:slug>/comments.rss",
        feeds.ArticleCommentsFeed(),
        name="comments_rss",
    ),
    path(
        "feeds/articles/<slug:slug>/comments.atom",
        feeds.ArticleCommentsAtomFeed(),
        name="comments_atom",
    ),
]
