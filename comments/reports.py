"""Readers' reports of published comments: who a reader is, and how often they may report.

A reader is known by a keyed hash of their address (hfs_site/client_ip.py) and the comment,
never by the address: one reader reporting a comment twice counts once, and no one can tell
from the stored reports which comments the same reader reported. Each reader may send
COMMENTS_REPORT_RATE_LIMIT reports a period, counted in the shared cache as comment posts are
(hfs_site/ratelimit.py). Storing a report and hiding a comment after
COMMENTS_HIDE_AFTER_REPORTS distinct readers is services.comment_report's.
"""

from django.conf import settings
from django.utils.crypto import salted_hmac

from hfs_site.ratelimit import seconds_to_wait

KEY_SALT = "comments.reports.reporter"


def reporter_hash(comment_id, ip):
    """The reader as their report of this comment stores them (64 hex digits)."""
    return salted_hmac(KEY_SALT, f"{comment_id} {ip or ''}", algorithm="sha256").hexdigest()


def report_rate_limit_hit(ip):
    """Count a report from this address; returns 0 if allowed, else seconds to wait."""
    return seconds_to_wait(f"report:{ip or ''}", settings.COMMENTS_REPORT_RATE_LIMIT)
