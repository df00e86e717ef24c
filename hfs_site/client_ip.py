"""The client's IP address, read the same way wherever the site needs it.

The comment rate limit and the records kept with each comment (comments/ratelimit.py) and the
admin login lockout (django-axes, through AXES_CLIENT_IP_CALLABLE) must agree on who the client
is: behind the reverse proxy every socket address is the proxy's, and a lockout keyed on it
would lock everyone out at once.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's IP address.

    The socket address, unless it is one of COMMENTS_TRUSTED_PROXIES: then the nearest address
    in X-Forwarded-For that is not a trusted proxy. A forged header from anyone else changes
    nothing. None when no valid address is found.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    if remote is None or not _trusted(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(forwarded):
        address = _valid_ip(hop)
        if address is None or not _trusted(address):
            return address
    return remote


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _trusted(address):
    ip = ipaddress.ip_address(address)
    return any(
        ip in ipaddress.ip_network(proxy, strict=False)
        for proxy in settings.COMMENTS_TRUSTED_PROXIES
    )
