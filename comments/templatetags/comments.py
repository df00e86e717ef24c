from django import template
from django.conf import settings
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from comments.forms import CommentForm
from comments.moderation import comments_open
from comments.session import posted_comment_ids

register = template.Library()

LINK_REL = 'rel="nofollow ugc noopener"'


@register.inclusion_tag("comments/_section.html", takes_context=True)
def comment_section(context, article):
    """The comments under an article (replies under their parent), then the form or
    "Comments are closed". One query for the comments, whatever their number and depth."""
    request = context["request"]
    threads = as_threads(article.comments.visible_to(posted_ids=posted_comment_ids(request)))
    form = context.get("comment_form")
    if form is None and comments_open(article):
        form = CommentForm(article=article)
    return {
        "article": article,
        "comments": threads,
        "approved_count": sum(comment.is_approved for comment in walk(threads)),
        "form": form,
        "refused_text": context.get("refused_text"),
        "auto_approve_known": settings.COMMENTS_AUTO_APPROVE_KNOWN,
    }


def as_threads(comments):
    """The top-level comments, each with `thread_replies`: its replies, oldest first.

    A reply whose parent the reader cannot see is left out with it.
    """
    comments = list(comments)
    by_id = {comment.pk: comment for comment in comments}
    roots = []
    for comment in comments:
        comment.thread_replies = []
    for comment in comments:
        if comment.parent_id is None:
            roots.append(comment)
        elif parent := by_id.get(comment.parent_id):
            parent.thread_replies.append(comment)
    return roots


def walk(threads):
    for comment in threads:
        yield comment
        yield from walk(comment.thread_replies)


@register.filter
def comment_html(text):
    """A comment's plain text as HTML: escaped, paragraphs kept, links clickable but unfollowed."""
    linked = urlize(text, trim_url_limit=60, autoescape=True)
    return mark_safe(linebreaks(linked.replace("<a href=", f"<a {LINK_REL} href=")))


@register.simple_tag
def link_rel():
    """The rel attribute every commenter-supplied link carries."""
    return mark_safe(LINK_REL)
