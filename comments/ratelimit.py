"""Who is posting, and how often: the client's IP address and the per-IP / per-email limit.

The client's IP address is the site's one rule (hfs_site/client_ip.py), which the admin login
lockout uses too.

Counts live in Django's cache, which every process of the site shares (Redis, or the database
cache: settings.CACHES), so the limit holds whichever worker takes the post
(COMMENTS_RATE_LIMIT, "5/10m" by default).
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from hfs_site.client_ip import client_ip

__all__ = ["client_ip", "rate_limit_hit"]

logger = logging.getLogger(__name__)


def rate_limit_hit(*, ip, email):
    """Count a post from this IP and email; returns 0 if allowed, else seconds to wait.

    Each count starts with a poster's first post and expires a period later (incr keeps the
    expiry, in local memory and in Redis). If the cache is down the post is allowed, and
    logged: a broken cache must not stop readers.
    """
    limit, period = settings.COMMENTS_RATE_LIMIT
    if not limit:
        return 0
    counts = [
        count_hit(f"{kind}:{value}", period)
        for kind, value in (("ip", ip), ("email", email))
        if value
    ]
    return period if any(count > limit for count in counts) else 0


def count_hit(subject, period):
    """Count one more hit on `subject` within `period` seconds; returns the count so far
    (0 when the cache did not answer). Reports share it (comments/reports.py)."""
    # Hashed so that no email address sits in the cache in clear, and every key is valid.
    key = "comments:rate:" + hashlib.sha256(subject.lower().encode()).hexdigest()[:32]
    try:
        cache.add(key, 0, timeout=period)
        try:
            return cache.incr(key)
        except ValueError:  # the key expired between add() and incr()
            cache.set(key, 1, timeout=period)
            return 1
    except Exception:
        logger.exception("Comment rate limit skipped: the cache did not answer")
        return 0
