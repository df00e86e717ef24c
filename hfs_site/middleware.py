import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger(__name__)


class SiteMiddleware:
    """The site's own work around every request:

    - the Content-Security-Policy header, the same on every page (settings.py says why one
      string is enough), and the Permissions-Policy header (Django 5.2 has a setting for
      neither; a response that sets its own keeps it);
    - a 503 with Retry-After, not a 500, while the database cannot be reached. Django drops a
      broken connection at the end of the request, so the next request after the database is
      back connects afresh: the site recovers without a restart.
    """

    retry_after_seconds = 30

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": settings.CONTENT_SECURITY_POLICY,
            "Permissions-Policy": settings.PERMISSIONS_POLICY,
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable: %s", exception)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(self.retry_after_seconds)
        response["Cache-Control"] = "no-store"
        return response
