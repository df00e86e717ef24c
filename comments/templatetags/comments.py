from collections import OrderedDict
from functools import lru_cache

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import DateFormat
from django.utils.html import format_html, linebreaks, urlize
from django.utils.safestring import mark_safe

from articles.pagecache import CSRF_SLOT, slot_marker
from comments.forms import TIMESTAMP_SLOT_NAME, CommentForm
from comments.listing import comment_page
from comments.moderation import comments_open

register = template.Library()

LINK_REL = 'rel="nofollow ugc noopener"'
# The blank comment form as HTML, by what it depends on (see blank_form_key). A few KB each.
BLANK_FORMS = OrderedDict()
BLANK_FORMS_MAX = 64


@register.inclusion_tag("comments/_section.html", takes_context=True)
def comment_section(context, article):
    """The page of comments the request asks for (replies under their parent), its page
    links, then the form (set to answer ?replytocom=, without JavaScript) or "Comments are
    closed". Two queries for the comments, whatever their number and depth."""
    request = context["request"]
    listing = comment_page(request, article)
    form = context.get("comment_form")
    form_key = None
    if form is None and comments_open(article):
        reply_to = listing.find(request.GET.get("replytocom"))
        # The time it was shown is filled in as each response leaves (articles/pagecache.py).
        initial = {"timestamp": slot_marker(TIMESTAMP_SLOT_NAME)}
        form = CommentForm(article=article, reply_to=reply_to, initial=initial)
        if reply_to is None:
            form_key = blank_form_key(form, listing, context)
    return {
        "article": article,
        "listing": listing,
        "form": form,
        "form_key": form_key,
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


def blank_form_key(form, listing, context):
    """What the rendering of a blank comment form (no data, not replying) depends on: it holds
    no per-request value, only the markers every response fills in (CSRF token, timestamp:
    articles/pagecache.py), the article's post address and the page's address (the "cancel"
    link). None with DEBUG on, so that template edits show at once."""
    if settings.DEBUG or context.get("csrf_token") != CSRF_SLOT:
        return None  # DEBUG: template edits show at once; a real token is never kept
    return (form.helper.form_action, listing.url, settings.COMMENTS_MAX_LENGTH)


class KeptRenderingNode(template.Node):
    def __init__(self, key, nodelist):
        self.key = key
        self.nodelist = nodelist

    def render(self, context):
        key = self.key.resolve(context)
        if key is None:
            return self.nodelist.render(context)
        if (html := BLANK_FORMS.get(key)) is None:
            html = BLANK_FORMS[key] = self.nodelist.render(context)
            if len(BLANK_FORMS) > BLANK_FORMS_MAX:
                BLANK_FORMS.popitem(last=False)
        return html


@register.tag
def keep_rendered(parser, token):
    """{% keep_rendered key %}...{% endkeep_rendered %}: the block's output is rendered once
    per process for each key (None: every time). Used for the blank comment form, whose
    crispy rendering took about a tenth of an uncached article page."""
    _, key = token.split_contents()
    nodelist = parser.parse(("endkeep_rendered",))
    parser.delete_first_token()
    return KeptRenderingNode(parser.compile_filter(key), nodelist)


@register.simple_tag
def comment_time(comment):
    """A comment's <time> element ("On May 4, 2026 at 3:07 pm"), in the site's time zone:
    one date formatter a comment instead of four date filters, and each worker keeps the
    last ones it made (as comment_html)."""
    return _time_element(comment.created_at, timezone.get_current_timezone_name())


@lru_cache(maxsize=2048)
def _time_element(created_at, zone_name):
    when = DateFormat(timezone.localtime(created_at))
    text = f"On {when.format('F j, Y')} at {when.format('g:i')} {when.format('A').lower()}"
    return format_html('<time datetime="{}">{}</time>', when.format("c"), text)
