"""The poster's status page (comments/status_links.py makes its link): what became of their
comment, an edit while COMMENTS_EDIT_MINUTES last, and anonymise or withdraw at any time, each
after a confirmation page.

Every answer is the poster's alone: `private, no-store`, and `Referrer-Policy: no-referrer`, so
the token in the address never reaches another site, nor the site's own log of referrers. The
posts carry no CSRF token, as the comment form's do not: cross-site posts are refused by
same_origin_posts_only.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hfs_site.origin import same_origin_posts_only

from .forms import CommentForm
from .models import Comment
from .services import (
    EditClosed,
    anonymous_name,
    comment_anonymise_by_poster,
    comment_edit,
    comment_withdraw,
    edit_deadline,
    is_editable,
    withdrawal_keeps_place,
)
from .status_links import comment_for_token, status_token, status_url
from .triage import crisis_help_text, in_distress

# Ids beyond this are no comment's (the database's integers end there): a 404, not an error.
MAX_ID = 2**63 - 1
DONE_MESSAGES = {
    "edited": _("Your changes are saved."),
    "anonymised": _("Your comment is anonymised: it now shows “Anonymous” as its author."),
    "withdrawn": _("Your comment is withdrawn."),
}
EDIT_CLOSED_MESSAGE = _(
    "The time for editing this comment has passed, so your changes were not saved. Your text "
    "is kept below: copy it if you want to keep it."
)
# What each confirmation page asks, and the service that does it once confirmed.
ACTIONS = {
    "anonymise": (comment_anonymise_by_poster, "anonymised"),
    "withdraw": (comment_withdraw, "withdrawn"),
}


class CommentEditForm(forms.ModelForm):
    """The poster's new text, cleaned and limited as the comment form's."""

    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": _("Your comment")}
        help_texts = CommentForm.Meta.help_texts
        widgets = CommentForm.Meta.widgets
        error_messages = CommentForm.Meta.error_messages

    clean_body = CommentForm.clean_body

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        body.validators.append(MaxLengthValidator(settings.COMMENTS_MAX_LENGTH))
        body.widget.attrs["maxlength"] = settings.COMMENTS_MAX_LENGTH


def poster_page(view):
    """Find the comment of the link in the address (the site's 404 page for a tampered,
    revoked or unknown one) and answer for the poster's eyes only."""

    @wraps(view)
    def wrapped(request, pk, token, **kwargs):
        comment = comment_for_token(pk, token) if pk <= MAX_ID else None
        if comment is None:
            raise Http404("No such status link.")
        response = view(request, comment, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped


@require_safe
@poster_page
def comment_status(request, comment):
    """What became of the comment, with the edit form while the comment can be edited."""
    form = CommentEditForm(instance=comment) if is_editable(comment) else None
    return _status_page(request, comment, form=form, done=request.GET.get("done"))


@require_POST
@same_origin_posts_only
@poster_page
def comment_status_edit(request, comment):
    """Save the poster's edit and show the page again (PRG); a form with a problem, or past
    the edit window, comes back with the text kept."""
    form = CommentEditForm(request.POST, instance=comment)
    if form.is_valid():
        try:
            comment_edit(comment, body=form.cleaned_data["body"])
            return redirect(f"{status_url(comment)}?done=edited")
        except EditClosed:
            form.add_error(None, EDIT_CLOSED_MESSAGE)
    comment.refresh_from_db()
    return _status_page(request, comment, form=form, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
@same_origin_posts_only
@poster_page
def comment_status_confirm(request, comment, action):
    """Ask "are you sure?" about anonymising or withdrawing (GET); do it once confirmed (POST).
    A withdrawn comment has nothing left to do: back to its status page."""
    if comment.withdrawn_at is not None:
        return redirect(status_url(comment))
    if request.method == "POST":
        service, done = ACTIONS[action]
        service(comment)
        return redirect(f"{status_url(comment)}?done={done}")
    context = {
        "comment": comment,
        "action": action,
        "keeps_place": withdrawal_keeps_place(comment),
        **_links(comment),
    }
    return render(request, "comments/status_confirm.html", context)


def _status_page(request, comment, *, form=None, done=None, status=200):
    context = {
        "comment": comment,
        "state": poster_state(comment),
        "form": form,
        "edit_deadline": edit_deadline(comment),
        "edit_minutes": settings.COMMENTS_EDIT_MINUTES,
        "anonymised": comment.author_name == anonymous_name() and not comment.author_email,
        "done_message": DONE_MESSAGES.get(done),
        # An edit may have brought words of distress: help comes first, as after a post.
        "crisis_help": crisis_help_text() if in_distress(comment) else None,
        **_links(comment),
    }
    return render(request, "comments/status.html", context, status=status)


def _links(comment):
    """The addresses of the status page and of what it leads to, for the templates."""
    kwargs = {"pk": comment.pk, "token": status_token(comment)}
    return {
        f"{name}_url": reverse(f"comments:{name}", kwargs=kwargs)
        for name in ("status", "status_edit", "status_anonymise", "status_withdraw")
    }


def poster_state(comment):
    """What the poster is told: "withdrawn", "published", "waiting" or "not published".

    Spam that no moderator marked is "waiting", as on the poster's view of the article page,
    so a bot learns nothing from its link."""
    if comment.withdrawn_at is not None:
        return "withdrawn"
    if comment.status == Comment.Status.APPROVED:
        return "published"
    if comment.status == Comment.Status.PENDING or (
        comment.status == Comment.Status.SPAM and comment.moderated_by_id is None
    ):
        return "waiting"
    return "not published"
