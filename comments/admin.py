from django.contrib import admin, messages
from django.db import models
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html

from .models import Comment
from .services import comment_set_status


def status_action(status, verb, description):
    """An admin action that moves the selected comments to `status` and says how many moved."""

    def action(modeladmin, request, queryset):
        count = comment_set_status(queryset, status=status, by=request.user)
        noun = "comment" if count == 1 else "comments"
        modeladmin.message_user(request, f"{count} {noun} {verb}.", messages.SUCCESS)

    action.__name__ = f"make_{status}"
    return admin.action(description=description, permissions=["change"])(action)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["excerpt", "article_link", "author_name", "created_at", "status"]
    list_filter = ["status", "article", "created_at"]
    search_fields = ["author_name", "author_email", "body", "ip_address"]
    date_hierarchy = "created_at"
    list_select_related = ["article"]
    list_per_page = 50
    ordering = ["-created_at"]
    actions = [
        status_action(Comment.Status.APPROVED, "approved", "Approve"),
        status_action(Comment.Status.SPAM, "marked as spam", "Mark as spam"),
        status_action(Comment.Status.REMOVED, "removed", "Remove"),
    ]
    readonly_fields = ["created_at", "ip_address", "user_agent", "moderated_by", "moderated_at"]
    fieldsets = [
        (None, {"fields": ["article", "parent", "status", "status_reason"]}),
        ("Comment", {"fields": ["author_name", "author_email", "author_url", "body"]}),
        (
            "Record",
            {"fields": ["created_at", "ip_address", "user_agent", "moderated_by", "moderated_at"]},
        ),
    ]
    raw_id_fields = ["parent"]

    @admin.display(description="comment")
    def excerpt(self, comment):
        return truncatechars(comment.body, 80)

    @admin.display(description="article", ordering="article__title")
    def article_link(self, comment):
        return format_html('<a href="{}">{}</a>', comment.get_absolute_url(), comment.article)
