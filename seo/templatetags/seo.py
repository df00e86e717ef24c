"""What a page tells search engines about itself: absolute addresses and JSON-LD."""

import json

from django import template
from django.core.exceptions import DisallowedHost
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag
def json_ld(data):
    """`data` in a <script type="application/ld+json"> block, escaped like json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),
    )
