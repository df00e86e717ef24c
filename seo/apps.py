from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "seo"
    verbose_name = _("Search engines and feeds")

    def ready(self):
        from articles import page_parts

        from .structured_data import article_json_ld

        page_parts.register(article_json_ld)
