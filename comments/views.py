from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from articles.models import Article

from .forms import CommentForm
from .moderation import comments_open
from .ratelimit import client_ip, rate_limit_hit
from .services import comment_create
from .session import remember_posted_comment

ARTICLE_TEMPLATE = "articles/article_detail.html"
RATE_LIMITED_MESSAGE = (
    "You have posted several comments in a short time. Please wait a few minutes, then post "
    "again: your text is kept below."
)


@require_POST
def comment_post(request, slug):
    """Take a reader's comment: store it and redirect, or show the form again with its text."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if not comments_open(article):
        context = {"article": article, "refused_text": request.POST.get("body", "")}
        return render(request, ARTICLE_TEMPLATE, context, status=403)
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return render(request, ARTICLE_TEMPLATE, {"article": article, "comment_form": form})
    ip_address = client_ip(request)
    if retry_after := rate_limit_hit(ip=ip_address, email=form.cleaned_data["author_email"]):
        form.add_error(None, RATE_LIMITED_MESSAGE)
        context = {"article": article, "comment_form": form}
        response = render(request, ARTICLE_TEMPLATE, context, status=429)
        response["Retry-After"] = retry_after
        return response
    comment = comment_create(
        article=article,
        data=form.comment_data(),
        signals=form.signals(),
        ip_address=ip_address,
        user_agent=request.headers.get("User-Agent", ""),
        site_url=request.build_absolute_uri("/"),
    )
    remember_posted_comment(request, comment)
    return redirect(comment)
