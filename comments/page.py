"""The comments' part of an article page (registered in CommentsConfig.ready(), see
articles/page_parts.py): the page of comments asked for, and the form or "Comments are closed".
"""

from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import Http404

from articles.page_parts import PRIVATE

from .forms import CommentForm
from .links import is_private, own_comment
from .listing import build_comment_page
from .moderation import comments_open
from .status_links import status_url


def article_comments(request, article, context):
    """`?page=N` chooses the page (404 beyond the last); `?replytocom=<id>` sets the form to
    answer that comment, without JavaScript; a poster's private address adds their comment
    while it waits (comments/links.py), and the box with its status link."""
    own = own_comment(request)
    try:
        comment_page = build_comment_page(
            article, number=request.GET.get("page", 1), own_ids=[own.pk] if own else ()
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
        **poster_notice(own),
    }


def poster_notice(comment):
    """The poster's own comment and its status link (comments/status_views.py), shown to them
    on their private address (comments/_poster_notice.html); nothing for anyone else."""
    if comment is None:
        return {}
    return {
        "poster_comment": comment,
        "poster_status_url": status_url(comment),
        "edit_minutes": settings.COMMENTS_EDIT_MINUTES,
    }
