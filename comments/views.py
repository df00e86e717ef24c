from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article

from .emails import held_until_response
from .forms import CommentForm
from .listing import comment_location
from .models import Comment
from .moderation import comments_open
from .ratelimit import client_ip, rate_limit_hit
from .services import comment_create
from .session import posted_comment_ids, remember_posted_comment

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
    # The moderators' email goes once the poster has the answer (the response's close).
    with held_until_response() as outbox:
        comment = comment_create(
            article=article,
            data=form.comment_data(),
            signals=form.signals(),
            ip_address=ip_address,
            user_agent=request.headers.get("User-Agent", ""),
            parent=form.cleaned_data["parent"],
            site_url=request.build_absolute_uri("/"),
        )
        remember_posted_comment(request, comment)
        response = redirect(comment_location(comment, posted_ids=posted_comment_ids(request)))
        response._resource_closers.append(outbox.send)
    return response


@require_GET
def comment_permalink(request, pk):
    """A comment's lasting address: redirect to the article page that holds it now.

    Readers reach the comments they may see; moderators reach any, e.g. from the admin.
    """
    posted_ids = posted_comment_ids(request)
    comments = Comment.objects.filter(article__in=Article.objects.published())
    if not request.user.has_perm("comments.change_comment"):
        comments = comments.visible_to(posted_ids=posted_ids)
    comment = get_object_or_404(comments.select_related("article", "parent__parent"), pk=pk)
    return redirect(comment_location(comment, posted_ids=posted_ids))
