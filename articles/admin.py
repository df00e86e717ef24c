from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Article, Video


class VideoInline(admin.TabularInline):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    model = Video
    fields = ["key", "caption", "url", "missing_note"]
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
        (None, {"fields": ["title", "slug", "summary", "body", "language"]}),
        (
            _("Publishing"),
            {"fields": ["status", "published_at", "reviewed_at", "comments_enabled"]},
        ),
    ]
    # What other apps add to an article's page, through add_to_article_admin().
    extra_inlines = ()
    extra_fieldsets = ()

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *self.extra_inlines]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is None else [*fieldsets, *self.extra_fieldsets]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is None:
            return readonly
        return [
            *readonly,
            *(field for _title, part in self.extra_fieldsets for field in part["fields"]),
        ]


def add_to_article_admin(*, inlines=(), fieldsets=()):
    """The seam through which an app built on `articles` shows its part of an article's admin
    page, called from that app's admin module: `articles` never imports it (comments adds its
    inline and the count of comments waiting).

    `inlines` are InlineModelAdmin classes. `fieldsets` are (title, {"fields": [...]}) pairs
    shown when changing an article, whose fields are read-only: functions of the article, as
    in list_display, made with @admin.display.
    """
    ArticleAdmin.extra_inlines = (*ArticleAdmin.extra_inlines, *inlines)
    ArticleAdmin.extra_fieldsets = (*ArticleAdmin.extra_fieldsets, *fieldsets)
