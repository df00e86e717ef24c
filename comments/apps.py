from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from articles import page_parts

        from . import spamfilter  # noqa: F401  (connects its receivers: edits and deletions relearn)
        from .page import article_comments

        page_parts.register(article_comments)
