from django.contrib import admin
from django.db import models

from .models import Article, Video


class VideoInline(admin.TabularInline):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    model = Video
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title", "status", "published_at", "reviewed_at", "comments_enabled", "updated_at",
    ]  # fmt: skip
    list_filter = ["status", "comments_enabled"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    inlines = [VideoInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        ("Publishing", {"fields": ["status", "published_at", "reviewed_at", "comments_enabled"]}),
    ]
