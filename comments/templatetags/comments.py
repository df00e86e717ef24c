"""How a comment is written on the page. Formatting only: what a page shows is built by the
view (comments/page.py)."""

from django import template
from django.utils import timezone
from django.utils.dateformat import DateFormat
from django.utils.html import format_html, linebreaks, urlize
from django.utils.safestring import mark_safe

register = template.Library()

LINK_REL = 'rel="nofollow ugc noopener"'


@register.filter
def comment_html(text):
    """A comment's plain text as HTML: escaped, paragraphs kept, links clickable but unfollowed."""
    linked = urlize(text, trim_url_limit=60, autoescape=True)
    return mark_safe(linebreaks(linked.replace("<a href=", f"<a {LINK_REL} href=")))


@register.simple_tag
def link_rel():
    """The rel attribute every commenter-supplied link carries."""
    return mark_safe(LINK_REL)


@register.simple_tag
def comment_time(comment):
    """A comment's <time> element ("On May 4, 2026 at 3:07 pm"), in the site's time zone."""
    when = DateFormat(timezone.localtime(comment.created_at))
    text = f"On {when.format('F j, Y')} at {when.format('g:i')} {when.format('A').lower()}"
    return format_html('<time datetime="{}">{}</time>', when.format("c"), text)
