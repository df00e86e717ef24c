from django.views.generic import DetailView, ListView

from . import pagecache
from .models import Article


class ArticleListView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_queryset(self):
        return (
            Article.objects.published()
            .with_comment_count()
            .only("title", "slug", "summary", "published_at")
        )


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().prefetch_related("videos")

    def get_context_data(self, **kwargs):
        # The page may be kept for other readers: the CSRF token is filled in per response.
        return {**super().get_context_data(**kwargs), "csrf_token": pagecache.CSRF_SLOT}


article_list = pagecache.kept_list_for_readers(ArticleListView.as_view())
article_detail = pagecache.kept_for_readers(ArticleDetailView.as_view())
