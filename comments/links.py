"""The poster's private address of the article page, as WordPress gives it: the page with
`?unapproved=<id>&moderation-hash=<hash>`, showing their comment while it waits.

After posting, the browser is sent there; it needs no session and no cookie. The hash is a
keyed hash (the secret key) of the comment's id and time, so no one else can make it, and a
comment that a restored database gives the same id does not match it. Everybody else, and
every cache, gets the public page; this one is answered `private, no-store`.
"""

from django.utils.crypto import constant_time_compare, salted_hmac

from .listing import comment_location
from .models import Comment

COMMENT_PARAMETER = "unapproved"
HASH_PARAMETER = "moderation-hash"


def moderation_hash(comment):
    value = f"{comment.pk}:{comment.created_at.isoformat()}"
    return salted_hmac("comments.moderation-hash", value).hexdigest()[:32]


def poster_url(comment):
    """The page that holds `comment`, as its poster sees it, with the comment's anchor."""
    location, _, anchor = comment_location(comment, own_ids=[comment.pk]).partition("#")
    joiner = "&" if "?" in location else "?"
    query = f"{COMMENT_PARAMETER}={comment.pk}&{HASH_PARAMETER}={moderation_hash(comment)}"
    return f"{location}{joiner}{query}#{anchor}"


def is_private(request):
    """Whether the request asks for a poster's view (valid or not: never a public page)."""
    return COMMENT_PARAMETER in request.GET or HASH_PARAMETER in request.GET


def own_comment(request):
    """The comment this request proves it posted (with what its status link and its crisis help
    need), or None."""
    pk = request.GET.get(COMMENT_PARAMETER, "")
    given = request.GET.get(HASH_PARAMETER, "")
    if not (pk.isascii() and pk.isdigit() and len(pk) <= 18 and given):
        return None
    comment = Comment.objects.filter(pk=int(pk)).only("created_at", "status_key", "tags").first()
    if comment is None or not constant_time_compare(moderation_hash(comment), given):
        return None
    return comment
