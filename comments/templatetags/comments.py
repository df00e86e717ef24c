from django import template
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from comments.forms import CommentForm
from comments.session import posted_comment_ids

register = template.Library()

LINK_REL = 'rel="nofollow ugc noopener"'


@register.inclusion_tag("comments/_section.html", takes_context=True)
def comment_section(context, article):
    """The comments under an article: the list, then the form or "Comments are closed"."""
    request = context["request"]
    comments = list(article.comments.visible_to(posted_ids=posted_comment_ids(request)))
    form = context.get("comment_form")
    if form is None and article.accepts_comments:
        form = CommentForm(article=article)
    return {
        "article": article,
        "comments": comments,
        "approved_count": sum(comment.is_approved for comment in comments),
        "form": form,
        "refused_text": context.get("refused_text"),
    }


@register.filter
def comment_html(text):
    """A comment's plain text as HTML: escaped, paragraphs kept, links clickable but unfollowed."""
    linked = urlize(text, trim_url_limit=60, autoescape=True)
    return mark_safe(linebreaks(linked.replace("<a href=", f"<a {LINK_REL} href=")))


@register.simple_tag
def link_rel():
    """The rel attribute every commenter-supplied link carries."""
    return mark_safe(LINK_REL)
