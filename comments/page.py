"""The comments' part of an article page (registered in CommentsConfig.ready(), see
articles/page_parts.py): the page of comments asked for, and the form or "Comments are closed".
"""

from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import Http404

from articles.page_parts import PRIVATE

from .forms import CommentForm
from .links import is_private, own_comment, poster_url
from .listing import build_comment_page
from .moderation import comments_open
from .status_links import status_url
from .triage import crisis_help_text, in_distress

# The crisis help's id (comments/_crisis_help.html): a poster in distress lands on it.
CRISIS_HELP_ID = "crisis-help"


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
        **poster_crisis_help(own),
    }


def poster_crisis_help(own):
    """The crisis help (comments/triage.py) for a poster whose own comment holds words of
    distress (its stored triage), first in the comments (comments/_crisis_help.html)."""
    if own is None or not in_distress(own):
        return {}
    return {"crisis_help": crisis_help_text()}


def poster_landing(comment):
    """Where a poster is sent after posting: their private page at their comment, or at the
    crisis help when the comment's triage says distress, so that they see it first."""
    url = poster_url(comment)
    if in_distress(comment):
        return f"{url.partition('#')[0]}#{CRISIS_HELP_ID}"
    return url


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
