from django import template
from django.urls import reverse
from django.utils.html import format_html

from comments.models import Comment

register = template.Library()


@register.simple_tag
def pending_comments_notice():
    """The admin index's line saying how many comments wait, linking to them."""
    count = Comment.objects.pending().count()
    noun = "comment waits" if count == 1 else "comments wait"
    url = reverse("admin:comments_comment_changelist") + "?status__exact=pending"
    return format_html(
        '<p class="comment-pending-notice"><a href="{}">{} {} for moderation</a></p>',
        url,
        count,
        noun,
    )
