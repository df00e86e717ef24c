"""Which comments this browser posted, so their author alone sees them while they wait."""

SESSION_KEY = "posted_comment_ids"
MAX_REMEMBERED = 50


def remember_posted_comment(request, comment):
    posted = [pk for pk in request.session.get(SESSION_KEY, []) if pk != comment.pk]
    posted.append(comment.pk)
    request.session[SESSION_KEY] = posted[-MAX_REMEMBERED:]


def posted_comment_ids(request):
    return request.session.get(SESSION_KEY, [])
