"""Remember me ("Remember my name and email on this device"): two cookies, set by the answer
to the post that asked for it.

The article page is the same for every reader and never reads a cookie, so the name and email
are filled in by static/js/remember.js: it sees the flag cookie (no personal data, readable by
scripts) and asks the remembered view (private, no-store) for them. The name and email
themselves are in a signed, HttpOnly cookie sent only to /comments/ addresses.
"""

from django.conf import settings
from django.core import signing

COOKIE = "hfs_commenter"
COOKIE_PATH = "/comments/"
FLAG = "hfs_remembered"
SALT = "comments.remember-me"


def _max_age():
    return settings.COMMENTS_REMEMBER_DAYS * 24 * 60 * 60


def remember_commenter(response, name, email):
    """Have this browser remember the poster's name and email for COMMENTS_REMEMBER_DAYS."""
    value = signing.dumps({"name": name, "email": email}, salt=SALT)
    options = {
        "max_age": _max_age(),
        "secure": settings.SESSION_COOKIE_SECURE,
        "samesite": "Lax",
    }
    response.set_cookie(COOKIE, value, path=COOKIE_PATH, httponly=True, **options)
    response.set_cookie(FLAG, "1", **options)


def is_remembered(request):
    """Whether this browser says it remembers a poster (the flag; the name and email cookie
    is only sent to /comments/ addresses)."""
    return FLAG in request.COOKIES


def forget_commenter(response):
    response.delete_cookie(COOKIE, path=COOKIE_PATH, samesite="Lax")
    response.delete_cookie(FLAG, samesite="Lax")


def remembered_commenter(request):
    """{"name", "email"} as this browser remembers them, or {} (none, tampered or too old)."""
    try:
        value = signing.loads(request.COOKIES.get(COOKIE, ""), salt=SALT, max_age=_max_age())
    except signing.BadSignature:
        return {}
    if not isinstance(value, dict):
        return {}
    return {key: value[key] for key in ("name", "email") if isinstance(value.get(key), str)}
