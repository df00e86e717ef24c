"""How a comment is written on the page. Formatting only: what a page shows is built by the
view (comments/page.py)."""

import re

from django import template
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.formats import date_format, time_format
from django.utils.html import escape, format_html, linebreaks, urlize
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

register = template.Library()

LINK_REL = 'rel="nofollow ugc noopener"'
# Everything urlize turns into a link has one of these: a scheme, "www.", an email's "@", or a
# name ending in one of the domains it knows. In a text with none, urlize only escapes; it is
# most of a page's rendering time and most comments have no link, so they are just escaped
# (the same result: tests/comments/test_section.py).
MAYBE_LINK = re.compile(r"://|www\.|@|\.(?:com|edu|gov|int|mil|net|org)", re.IGNORECASE)


@register.filter
def comment_html(text):
    """A comment's plain text as HTML: escaped, paragraphs kept, links clickable but unfollowed."""
    if MAYBE_LINK.search(text):
        linked = urlize(text, trim_url_limit=60, autoescape=True)
        text = mark_safe(linked.replace("<a href=", f"<a {LINK_REL} href="))
    return mark_safe(linebreaks(text, autoescape=not isinstance(text, SafeData)))


# Where comment_html's paragraphs end (django.utils.html.linebreaks splits the same way).
PARAGRAPH_BREAK = re.compile(r"\n{2,}")


@register.filter
def highlighted(text, findings):
    """A comment's plain text with each finding (comments/sensitive.py: spans of `text`) in
    <mark>, its kind said to screen readers: escaped, paragraphs and line breaks kept as
    comment_html keeps them. A span across paragraphs is marked in each."""
    paragraphs, start = [], 0
    for gap in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = gap.start() if gap else len(text)
        pieces, at = [], start
        for finding in findings:
            left, right = max(finding.start, start), min(finding.end, end)
            if left >= right:
                continue
            pieces += [escape(text[at:left]), "<mark>", escape(text[left:right])]
            pieces.append(f'<span class="visually-hidden"> ({escape(finding.label)})</span></mark>')
            at = right
        pieces.append(escape(text[at:end]))
        paragraphs.append("<p>{}</p>".format("".join(pieces).replace("\n", "<br>")))
        start = gap.end() if gap else end
    return mark_safe("\n\n".join(paragraphs))


@register.simple_tag
def link_rel():
    """The rel attribute every commenter-supplied link carries."""
    return mark_safe(LINK_REL)


@register.simple_tag
def comment_time(comment):
    """A comment's <time> element ("On May 4, 2026 at 3:07 pm"), in the site's time zone and
    the reader's language. In English, what the date filters "F j, Y" and "g:i A" write, made
    directly (a page writes one per comment, and the filters took a tenth of its rendering
    time); in another language, its own DATE_FORMAT and TIME_FORMAT."""
    when = timezone.localtime(comment.created_at)
    if (translation.get_language() or "en").partition("-")[0] == "en":
        hour = when.hour % 12 or 12
        meridiem = "pm" if when.hour >= 12 else "am"
        date = f"{MONTHS[when.month]} {when.day}, {when.year}"
        time = f"{hour}:{when.minute:02d} {meridiem}"
    else:
        date, time = date_format(when), time_format(when)
    return format_html(
        '<time datetime="{}">{}</time>',
        when.isoformat(timespec="seconds"),  # HTML allows at most milliseconds
        gettext("On %(date)s at %(time)s") % {"date": date, "time": time},
    )
