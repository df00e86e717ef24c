"""URL wiring: the articles, their comments, search, feeds and sitemap, and the admin."""

from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic.base import RedirectView

from . import health, language

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    # No trailing slash: load balancers ask for exactly these, and SECURE_REDIRECT_EXEMPT
    # matches them.
    path("healthz", health.healthz, name="healthz"),
    # The switcher at the foot of every page (hfs_site/language.py).
    path("language/", language.set_language, name="set_language"),
    path("readyz", health.readyz, name="readyz"),
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"), permanent=True),
    ),
    # Articles first: their page is the one most requests ask for.
    path("", include("articles.urls")),
    path("", include("comments.urls")),
    path("", include("search.urls")),
    path("", include("seo.urls")),
    # Where an old site's #comment-456 anchor is now (the old addresses' other 301s are
    # portability.middleware's).
    path("", include("portability.urls")),
]
