from django.conf import settings
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import ListView, View

from . import page_parts
from .models import Article
from .rendering import link_citations

ARTICLE_TEMPLATE = "articles/article_detail.html"
# What an article's page shows besides the article's own columns, each fetched in one query
# however many rows it has: the structured data and the template read these. The article view
# brings the reviewer in the article's own query; the comments' POST view's article gets it here.
PAGE_RELATIONS = ("reviewer", "authors", "sources", "changes", "videos")


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
        article = get_object_or_404(
            Article.objects.published().select_related("reviewer"), slug=slug
        )
        return render_article(request, article)


article_detail = ArticleDetailView.as_view()


def render_article(request, article, *, status=200, **extra_context):
    """The article page for this request; the comments' POST view renders it too, with its
    bound form in `extra_context`."""
    prefetch_related_objects([article], *PAGE_RELATIONS)
    context = {
        **article_context(article),
        **page_parts.page_context(request, article),
        **extra_context,
    }
    response = render(request, ARTICLE_TEMPLATE, context, status=status)
    if context[page_parts.PRIVATE]:
        patch_cache_control(response, private=True, no_store=True)
    return response


def article_context(article):
    """What the page shows of the article besides its columns: when it last changed (when
    not on the day it was published), its body with the citations linked, who wrote and
    reviewed it, its numbered sources (each with whether the text cites it, to link back) and
    its change log, newest first. Each person who wrote or reviewed it is introduced once,
    with what they did."""
    modified_at = article.modified_at
    if timezone.localdate(modified_at) == timezone.localdate(article.published_at):
        modified_at = None
    sources = article.sources.all()
    body_parts, cited = link_citations(article.body_parts(), len(sources))
    authors = list(article.authors.all())
    people = [(person, True, person == article.reviewer) for person in authors]
    if article.reviewer and article.reviewer not in authors:
        people.append((article.reviewer, False, True))
    return {
        "modified_at": modified_at,
        "body_parts": body_parts,
        "authors": authors,
        "people": people,
        "sources": [
            (number, source, number in cited) for number, source in enumerate(sources, start=1)
        ],
        "changes": article.changes.all(),
    }


@require_safe
def about(request):
    """The About page: who runs the site and how to reach them (each only when set), how it is
    paid for, and how long a comment's IP address and user agent are kept
    (COMMENTS_IP_RETENTION_DAYS: `manage.py purge_comment_ips` blanks them after that)."""
    context = {
        "owner": settings.SITE_OWNER,
        "contact_email": settings.SITE_CONTACT_EMAIL,
        "funding": settings.SITE_FUNDING,
        "ip_retention_days": settings.COMMENTS_IP_RETENTION_DAYS,
    }
    return render(request, "articles/about.html", context)
