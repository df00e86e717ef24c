from functools import lru_cache

from django import template
from django.conf import settings
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from articles.pagecache import slot_marker
from comments.forms import TIMESTAMP_SLOT_NAME, CommentForm
from comments.listing import comment_page
from comments.moderation import comments_open

register = template.Library()

LINK_REL = 'rel="nofollow ugc noopener"'


@register.inclusion_tag("comments/_section.html", takes_context=True)
def comment_section(context, article):
    """The page of comments the request asks for (replies under their parent), its page
    links, then the form (set to answer ?replytocom=, without JavaScript) or "Comments are
    closed". Two queries for the comments, whatever their number and depth."""
    request = context["request"]
    listing = comment_page(request, article)
    form = context.get("comment_form")
    if form is None and comments_open(article):
        reply_to = listing.find(request.GET.get("replytocom"))
        # The time it was shown is filled in as each response leaves (articles/pagecache.py).
        initial = {"timestamp": slot_marker(TIMESTAMP_SLOT_NAME)}
        form = CommentForm(article=article, reply_to=reply_to, initial=initial)
    return {
        "article": article,
        "listing": listing,
        "form": form,
        "refused_text": context.get("refused_text"),
        "auto_approve_known": settings.COMMENTS_AUTO_APPROVE_KNOWN,
    }


@register.filter
@lru_cache(maxsize=2048)
def comment_html(text):
    """A comment's plain text as HTML: escaped, paragraphs kept, links clickable but unfollowed.

    urlize is most of the time a page of comments takes to render, and the result depends on
    the text alone: each worker keeps the last texts it rendered (a few MB at most).
    """
    linked = urlize(text, trim_url_limit=60, autoescape=True)
    return mark_safe(linebreaks(linked.replace("<a href=", f"<a {LINK_REL} href=")))


@register.simple_tag
def link_rel():
    """The rel attribute every commenter-supplied link carries."""
    return mark_safe(LINK_REL)
