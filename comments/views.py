from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from articles.models import Article

from .forms import CommentForm
from .services import comment_create
from .session import remember_posted_comment

ARTICLE_TEMPLATE = "articles/article_detail.html"


@require_POST
def comment_post(request, slug):
    """Take a reader's comment: store it and redirect, or show the form again with errors."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if not article.accepts_comments:
        context = {"article": article, "refused_text": request.POST.get("body", "")}
        return render(request, ARTICLE_TEMPLATE, context, status=403)
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return render(request, ARTICLE_TEMPLATE, {"article": article, "comment_form": form})
    comment = comment_create(
        article=article,
        data=form.cleaned_data,
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("User-Agent", ""),
    )
    remember_posted_comment(request, comment)
    return redirect(comment)
