"""Health endpoints for load balancers and process supervisors.

`/healthz` says the process is up and answering; it touches neither the database nor the cache,
so a slow database never gets healthy app servers restarted. `/readyz` says this server can
serve pages: the database and the cache both answer. A load balancer sends traffic only to
servers whose /readyz answers 200; on 503 it waits `Retry-After` seconds and asks again.

A cache that does not answer (Redis stopped) makes /readyz say 503 with `"cache": "unavailable"`,
so it is seen and mended, but the server still serves every page: pages are rendered from the
database, a comment is stored without its rate limit, and sessions live in the database alone
(tests/test_redis_outage.py). redis-py connects afresh once Redis is back: no restart.

Both are cheap, never cached, and exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT) so a
load balancer can probe over plain HTTP. Their Host header must still be in ALLOWED_HOSTS.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    # A key of its own per probe: several servers probing at once never read each other's value.
    key, value = f"readyz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=5)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return the value just stored")


CHECKS = {"database": check_database, "cache": check_cache}


@never_cache
@require_safe
def healthz(request):
    """The process is up."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """The database and the cache answer: 200, or 503 with Retry-After naming what failed."""
    checks = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:
            logger.warning("readyz: the %s check failed: %r", name, error)
            checks[name] = "unavailable"
        else:
            checks[name] = "ok"
    if all(result == "ok" for result in checks.values()):
        return JsonResponse({"status": "ok", "checks": checks})
    response = JsonResponse({"status": "unavailable", "checks": checks}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
