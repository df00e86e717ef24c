"""What a page tells search engines about itself: absolute addresses and JSON-LD."""

import json

from django import template
from django.core.exceptions import DisallowedHost
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from comments.listing import comment_page

register = template.Library()

SITE_NAME = "Hemifacial Spasm"
# The escapes of Django's json_script: nothing inside the data can close the <script> element
# or start an HTML comment or entity, whatever a commenter typed.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as a full address on this site (as requested); the path alone without a request,
    or when the request's Host is not one of ALLOWED_HOSTS (the 400 page such a request gets
    must not fail on it in turn)."""
    request = context.get("request")
    if request is None:
        return path
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return path


JSON_LD_TEXT_LENGTH = 280


def json_ld_text(text):
    """The text cut to JSON_LD_TEXT_LENGTH characters, as Truncator(text).chars() cuts it.

    Truncator normalises the text and walks it character by character to skip combining
    marks (35 µs a long comment, a tenth of a cold page of long ones). ASCII text has neither
    to do, so a slice gives the same result.
    """
    if text.isascii():
        if len(text) <= JSON_LD_TEXT_LENGTH:
            return text
        return text[: JSON_LD_TEXT_LENGTH - 1] + "…"
    return Truncator(text).chars(JSON_LD_TEXT_LENGTH)


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """A MedicalWebPage with the article's dates, how many comments every reader sees, and
    those on the page shown (the comment section's own page and query: no query of its own,
    and never thousands of comments in one page). Each comment's text is cut to
    JSON_LD_TEXT_LENGTH characters: the whole text is on the page itself, and repeating it
    here made a page of long stories a third heavier for readers on phones."""
    url = absolute_url(context, article.get_absolute_url())
    listing = comment_page(context["request"], article)
    page_url = absolute_url(context, listing.url)
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": article.title,
        "headline": article.title,
        "description": article.summary or article.title,
        "inLanguage": "en",
        "datePublished": article.published_at,
        "dateModified": article.updated_at,
        "isPartOf": {"@type": "WebSite", "name": SITE_NAME, "url": absolute_url(context, "/")},
        "commentCount": listing.approved_count,
        "comment": [
            {
                "@type": "Comment",
                "url": f"{page_url}#comment-{comment.pk}",
                "dateCreated": comment.created_at,
                "text": json_ld_text(comment.body),
                "author": {"@type": "Person", "name": comment.author_name},
            }
            for comment in listing.approved_comments()
        ],
    }
    if article.reviewed_at:
        data["lastReviewed"] = article.reviewed_at
    return json_ld(data)


def json_ld(data):
    """`data` in a <script type="application/ld+json"> block, escaped like json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),
    )
