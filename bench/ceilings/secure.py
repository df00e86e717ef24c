"""Secure-default ceiling: the middleware list `django-admin startproject` writes, and a page
with a form carrying a fresh CSRF token on every request, as any page with a comment form
needs. The least a secure Django page costs on this machine.

The page is precomputed around a slot for the form and is BENCH_PAGE_BYTES long (`?bytes=N`
asks for another size) once the token is in. No database: nothing here reads the session or
the user, exactly as for an anonymous reader of a page that only needs a CSRF token.

    gunicorn --config gunicorn.conf.py --no-control-socket bench.ceilings.secure:application
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
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
    ],
    # As written by `django-admin startproject` (Django 5.2).
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    DATABASES={},
    USE_I18N=False,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402
from django.urls import re_path  # noqa: E402
from django.views.decorators.http import require_safe  # noqa: E402

from bench.ceilings.page import TOKEN_SLOT, padded_page, page_bytes  # noqa: E402

FORM = (
    '<form method="post" action="/" id="comment-form">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{token}"></form>'
)
# A masked CSRF token is always 64 characters, so the page's size is known in advance.
FORM_BYTES = len(FORM.format(token="x" * 64))


@lru_cache(maxsize=16)
def template(size):
    return padded_page(size, slot=TOKEN_SLOT, slot_bytes=FORM_BYTES)


@require_safe
def view(request):
    page = template(page_bytes(request.META.get("QUERY_STRING", "")))
    return HttpResponse(page.replace(TOKEN_SLOT, FORM.format(token=get_token(request)), 1))


urlpatterns = [re_path(r"", view)]

application = get_wsgi_application()
