from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import ListView, View

from . import page_parts
from .models import Article

ARTICLE_TEMPLATE = "articles/article_detail.html"


class ArticleListView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().only(
            "title", "slug", "summary", "language", "published_at", "comment_count"
        )


article_list = ArticleListView.as_view()


class ArticleDetailView(View):
    """An article and what the apps built on it add (its comments, structured data). The
    copies of the page the site keeps, and its caching headers, are
    articles.kept_pages.KeptPagesMiddleware's (the list of articles' too)."""

    def get(self, request, slug):
        article = get_object_or_404(Article.objects.published(), slug=slug)
        return render_article(request, article)


article_detail = ArticleDetailView.as_view()


def render_article(request, article, *, status=200, **extra_context):
    """The article page for this request; the comments' POST view renders it too, with its
    bound form in `extra_context`."""
    context = {**page_parts.page_context(request, article), **extra_context}
    response = render(request, ARTICLE_TEMPLATE, context, status=status)
    if context[page_parts.PRIVATE]:
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def about(request):
    """The About page, which tells readers how long a comment's IP address and user agent are
    kept (COMMENTS_IP_RETENTION_DAYS: `manage.py purge_comment_ips` blanks them after that)."""
    context = {"ip_retention_days": settings.COMMENTS_IP_RETENTION_DAYS}
    return render(request, "articles/about.html", context)
