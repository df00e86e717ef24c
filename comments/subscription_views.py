"""The poster's emails and remembered name: confirming and stopping reply emails, turning them
off or on from the status page, and the name and email this browser remembers.

Every answer is for one person and is sent `private, no-store`. A link from an email only
shows a page with a button: mail scanners open links, and only the button (a POST) acts.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hfs_site.origin import same_origin_posts_only

from . import notifications
from .remember import forget_commenter, remembered_commenter
from .status_links import comment_for_token, status_url


def _private(response):
    """For this reader alone; the token in the address is never sent on as a referrer."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@same_origin_posts_only
def reply_emails_confirm(request, token):
    """The confirmation link of reply emails: a page with a button; the button confirms."""
    comment = _found(notifications.comment_for_confirm_token(token))
    if request.method == "POST":
        state = notifications.reply_emails_confirm(comment)
    elif not comment.notify_on_reply or comment.withdrawn_at:
        state = notifications.Confirmation.OFF
    else:
        state = notifications.Confirmation.ALREADY if comment.reply_notify_confirmed_at else ""
    context = {"comment": comment, "state": state}
    return _private(render(request, "comments/subscription_confirm.html", context))


# No same-origin check and no CSRF token: a mail provider's one-click unsubscribe (RFC 8058)
# POSTs from its own servers, and the token in the address is the authority.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """The unsubscribe link of reply emails: a page with a button; the button (or the mail
    provider's one-click POST) stops them. Stopping twice says so, as a success."""
    comment = _found(notifications.comment_for_unsubscribe_token(token))
    if request.method == "POST":
        state = "stopped" if notifications.reply_emails_stop(comment) else "already"
    else:
        state = "" if comment.notify_on_reply else "already"
    context = {"comment": comment, "state": state}
    return _private(render(request, "comments/subscription_unsubscribe.html", context))


@require_POST
@same_origin_posts_only
def reply_emails_set(request, pk, token):
    """The status page's button: stop reply emails, or ask for them again (a new
    confirmation email); then back to the status page."""
    comment = _found(comment_for_token(pk, token))
    if request.POST.get("reply_emails") == "on":
        notifications.reply_emails_ask(comment)
    else:
        notifications.reply_emails_stop(comment)
    return redirect(f"{status_url(comment)}#reply-emails")


@require_GET
def remembered(request):
    """The name and email this browser remembers, for static/js/remember.js; {} if none."""
    response = _private(JsonResponse(remembered_commenter(request)))
    patch_vary_headers(response, ["Cookie"])
    return response


@require_POST
@same_origin_posts_only
def forget(request):
    """Forget the remembered name and email on this browser; a page says so, with a link back."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts=None) or not back.startswith("/"):
        back = ""
    response = _private(render(request, "comments/subscription_forgotten.html", {"back": back}))
    forget_commenter(response)
    return response


def _found(comment):
    """The comment a link was made for; a 404 for a link that is tampered or no longer works."""
    if comment is None:
        raise Http404("No such link.")
    return comment
