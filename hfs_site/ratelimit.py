"""How often one reader did something: counts kept in Django's cache, shared by every process.

Counts live in Django's default cache, which every worker and app server shares (Redis, or the
database cache: settings.CACHES), so a limit holds whichever worker takes the request. The
comment form and the comment reports (comments/ratelimit.py, comments/reports.py) and the
error reports on articles (articles/error_report_views.py) count here.
"""

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def count_hit(subject, period):
    """Count one more hit on `subject` within `period` seconds; returns the count so far
    (0 when the cache did not answer).

    Each count starts with the subject's first hit and expires a period later (incr keeps the
    expiry, in local memory and in Redis). If the cache is down the hit is allowed, and
    logged: a broken cache must not stop readers.
    """
    # Hashed so that no email or IP address sits in the cache in clear, and every key is valid.
    key = "rate:" + hashlib.sha256(subject.lower().encode()).hexdigest()[:32]
    try:
        cache.add(key, 0, timeout=period)
        try:
            return cache.incr(key)
        except ValueError:  # the key expired between add() and incr()
            cache.set(key, 1, timeout=period)
            return 1
    except Exception:
        logger.exception("Rate limit skipped: the cache did not answer")
        return 0


def seconds_to_wait(subject, rate):
    """Count a hit on `subject` under `rate` ((hits, seconds), as settings.env_rate reads it;
    0 hits: no limit); returns 0 if allowed, else the seconds to wait."""
    limit, period = rate
    if not limit:
        return 0
    return period if count_hit(subject, period) > limit else 0
