from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from comments.models import Comment

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_comments_notice(context):
    """The admin index's line saying how many comments wait, linking to the moderation queue
    for those who may act on them (the pending list for those who may only look)."""
    count = Comment.objects.pending().count()
    waiting = ngettext(
        "%(count)s comment waits for moderation", "%(count)s comments wait for moderation", count
    ) % {"count": count}
    if context["request"].user.has_perm("comments.change_comment"):
        url = reverse("admin:comments_comment_queue")
    else:
        url = reverse("admin:comments_comment_changelist") + "?status__exact=pending"
    return format_html('<p class="comment-pending-notice"><a href="{}">{}</a></p>', url, waiting)
