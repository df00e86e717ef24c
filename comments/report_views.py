"""A reader's report of a published comment: the page with the reasons to pick, and the thanks.

The report page is linked from every published comment (a link, not a form per comment, keeps
the article page light) and carries no CSRF token, as the comment form does not: cross-site
posts are refused by same_origin_posts_only. Every answer is `private, no-store`: the thanks
page is for the reader who reported alone, and a comment hidden after its reports must not
stay reportable in any cache.
"""

from functools import wraps

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import Article
from hfs_site.client_ip import client_ip
from hfs_site.origin import same_origin_posts_only

from .models import Comment, CommentReport
from .reports import report_rate_limit_hit, reporter_hash
from .services import comment_report

# Ids beyond this are no comment's (the database's integers end there): a 404, not an error.
MAX_ID = 2**63 - 1
RATE_LIMITED_MESSAGE = gettext_noop(
    "You have sent several reports in a short time, so this one was not recorded. Please try "
    "again later."
)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=CommentReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong with the comment.")},
    )


def private(view):
    """Answer 404 for an id no comment can have, and for the reader's eyes only."""

    @wraps(view)
    def wrapped(request, pk):
        if pk > MAX_ID:
            raise Http404("No such comment.")
        response = view(request, pk)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


@require_http_methods(["GET", "HEAD", "POST"])
@same_origin_posts_only
@private
def comment_report_page(request, pk):
    """The comment and a reason to pick (GET); record the report and thank the reader (POST,
    then PRG). Only a comment every reader sees can be reported."""
    comment = get_object_or_404(
        Comment.objects.approved()
        .filter(article__in=Article.objects.published(), withdrawn_at__isnull=True)
        .select_related("article"),
        pk=pk,
    )
    form = ReportForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return _page(request, comment, form, status=400 if form.is_bound else 200)
    ip = client_ip(request)
    if retry_after := report_rate_limit_hit(ip):
        form.add_error(None, gettext(RATE_LIMITED_MESSAGE))
        response = _page(request, comment, form, status=429)
        response["Retry-After"] = retry_after
        return response
    comment_report(comment, reason=form.cleaned_data["reason"], reporter=reporter_hash(pk, ip))
    return redirect("comments:report_thanks", pk=pk)


@require_safe
@private
def comment_report_thanks(request, pk):
    """Thank a reader who reported the comment (anyone else: 404), even once it is hidden."""
    comment = get_object_or_404(
        Comment.objects.filter(article__in=Article.objects.published()).select_related("article"),
        pk=pk,
        reports__reporter=reporter_hash(pk, client_ip(request)),
    )
    return render(request, "comments/report.html", {"article": comment.article, "thanked": True})


def _page(request, comment, form, *, status):
    context = {"comment": comment, "form": form}
    return render(request, "comments/report.html", context, status=status)
