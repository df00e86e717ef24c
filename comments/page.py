"""The comments' part of an article page (registered in CommentsConfig.ready(), see
articles/page_parts.py): the page of comments asked for, and the form or "Comments are closed".
"""

from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import Http404

from articles.page_parts import PRIVATE

from .forms import CommentForm
from .links import is_private, own_comment_ids
from .listing import build_comment_page
from .moderation import comments_open


def article_comments(request, article, context):
    """`?page=N` chooses the page (404 beyond the last); `?replytocom=<id>` sets the form to
    answer that comment, without JavaScript; a poster's private address adds their comment
    while it waits (comments/links.py)."""
    try:
        comment_page = build_comment_page(
            article, number=request.GET.get("page", 1), own_ids=own_comment_ids(request)
        )
    except InvalidPage:
        raise Http404("No such page of comments.") from None
    form = None
    if comments_open(article):
        reply_to = comment_page.find(request.GET.get("replytocom"))
        form = CommentForm(article=article, reply_to=reply_to)
    return {
        "comment_page": comment_page,
        "comment_form": form,
        "auto_approve_known": settings.COMMENTS_AUTO_APPROVE_KNOWN,
        PRIVATE: context[PRIVATE] or is_private(request),
    }
