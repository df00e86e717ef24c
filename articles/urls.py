from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("about/", views.about, name="about"),
    path("feeds/articles.rss", feeds.ArticlesFeed(), name="feed_rss"),
    path("feeds/articles.atom", feeds.ArticlesAtomFeed(), name="feed_atom"),
]
