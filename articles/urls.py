from django.urls import path

from . import error_report_views, feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path(
        "articles/<slug:slug>/report-error/",
        error_report_views.report_error,
        name="report_error",
    ),
    path(
        "articles/<slug:slug>/report-error/thanks/",
        error_report_views.report_error_thanks,
        name="report_error_thanks",
    ),
    path("about/", views.about, name="about"),
    path("feeds/articles.rss", feeds.ArticlesFeed(), name="feed_rss"),
    path("feeds/articles.atom", feeds.ArticlesAtomFeed(), name="feed_atom"),
]
