"""Bare ceiling: a Django view with no middleware at all returning a precomputed page.

The most Django can serve on this machine. The page is BENCH_PAGE_BYTES long (`?bytes=N`
asks for another size). Serve it with the site's gunicorn settings:

    gunicorn --config gunicorn.conf.py --no-control-socket bench.ceilings.bare:application
"""

import os
import secrets
from functools import lru_cache

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ.get("BENCH_CEILING_SECRET_KEY") or secrets.token_urlsafe(50),
    ALLOWED_HOSTS=["127.0.0.1", "localhost", "[::1]"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_I18N=False,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402

from bench.ceilings.page import padded_page, page_bytes  # noqa: E402


@lru_cache(maxsize=16)
def page(size):
    return padded_page(size).encode()


def view(request):
    return HttpResponse(page(page_bytes(request.META.get("QUERY_STRING", ""))))


urlpatterns = [re_path(r"", view)]

application = get_wsgi_application()
