from django.urls import path
from django.views.generic import TemplateView

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("about/", TemplateView.as_view(template_name="articles/about.html"), name="about"),
    path("feeds/articles.rss", feeds.ArticlesFeed(), name="feed_rss"),
    path("feeds/articles.atom", feeds.ArticlesAtomFeed(), name="feed_atom"),
]
