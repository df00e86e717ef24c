from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortabilityConfig(AppConfig):
    """Moving a site here (WordPress and Disqus imports, the old addresses' redirects) and
    away again (export_site)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portability"
    verbose_name = _("imports and exports")
