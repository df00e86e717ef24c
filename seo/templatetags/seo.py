"""What a page tells search engines about itself: absolute addresses and JSON-LD."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The escapes of Django's json_script: nothing inside the data can close the <script> element
# or start an HTML comment or entity, whatever a commenter typed.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def absolute_url(path):
    """`path` as a full address on SITE_URL, whatever host or scheme the request named: the
    page is the same for every reader, and for every cache that keeps it."""
    return f"{settings.SITE_URL}{path}"


@register.simple_tag
def json_ld(data):
    """`data` in a <script type="application/ld+json"> block, escaped like json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),
    )
