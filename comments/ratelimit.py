"""Who is posting, and how often: the client's IP address and the per-IP / per-email limit.

The client's IP address is the site's one rule (hfs_site/client_ip.py), which the admin login
lockout uses too.

Counts live in Django's cache, which every process of the site shares (hfs_site/ratelimit.py),
so the limit holds whichever worker takes the post (COMMENTS_RATE_LIMIT, "5/10m" by default).
"""

from django.conf import settings

from hfs_site.client_ip import client_ip
from hfs_site.ratelimit import count_hit

__all__ = ["client_ip", "rate_limit_hit"]


def rate_limit_hit(*, ip, email):
    """Count a post from this IP and email; returns 0 if allowed, else seconds to wait.

    Each is counted, so that posts over the limit from one address still count against the
    email and the other way round. If the cache is down the post is allowed.
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
