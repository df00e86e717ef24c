"""“Report an error in this article”: the short form, and the thanks.

A reader says what is wrong and, if they want an answer, gives an email; the report waits for
the editors in the admin (ErrorReport). Protected as the comment form is: no CSRF token, but
cross-site posts refused by their headers (hfs_site/origin.py); a honeypot and the form's signed
time against bots, which are answered as readers are while nothing is stored; and
ERROR_REPORT_RATE_LIMIT per reader address (hfs_site/ratelimit.py). Every answer is
`private, no-store`: the form's signed time is when this reader was shown it, and the text and
the thanks are theirs alone.
"""

import time
from functools import wraps

from django import forms
from django.conf import settings
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from hfs_site.client_ip import client_ip
from hfs_site.origin import same_origin_posts_only
from hfs_site.ratelimit import seconds_to_wait

from .models import Article, ErrorReport

SHOWN_AT_SALT = "articles.error-report.shown-at"
# A person reads the form and writes what is wrong in more than this many seconds: a post sent
# sooner is a bot's.
MIN_SECONDS = 3
# A form older than this is shown again with a fresh time, its text kept: a time signed for good
# could be fetched once and posted by a bot for ever.
MAX_AGE = 24 * 3600
# Marked here, translated where they are used (the reader's language at that moment).
STALE_FORM_MESSAGE = gettext_noop(
    "This form was open for too long, or could not be checked. Your text is kept below: please "
    "send it again."
)
RATE_LIMITED_MESSAGE = gettext_noop(
    "You have sent several reports in a short time, so this one was not sent. Please try again "
    "later: your text is kept below."
)


def signed_shown_at(shown_at=None):
    """The form's signed time: now, unless given as a Unix time."""
    return signing.dumps(time.time() if shown_at is None else shown_at, salt=SHOWN_AT_SALT)


class ShownAtField(forms.Field):
    """The hidden, signed time the form was shown; cleans to the seconds since then, or None
    when it is stale or forged. The form then comes back with a fresh time, not the posted one,
    so that sending it again works: dated MIN_SECONDS back, as the reader's text is written
    already and they may send it again at once."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, initial=signed_shown_at, **kwargs)

    def to_python(self, value):
        try:
            seconds = time.time() - float(signing.loads(value or "", salt=SHOWN_AT_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            return None
        return max(0.0, seconds) if seconds <= MAX_AGE else None

    def bound_data(self, data, initial):
        if self.to_python(data) is not None:
            return data
        return signed_shown_at(time.time() - MIN_SECONDS)


class ErrorReportForm(forms.ModelForm):
    # The honeypot: hidden from people and screen readers, so only a bot fills it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    shown_at = ShownAtField()

    class Meta:
        model = ErrorReport
        fields = ["text", "email"]
        labels = {"text": _("What is wrong?"), "email": _("Your email (optional)")}
        help_texts = {
            "text": _(
                "Quote the sentence if you can, and say what you believe is right, with a source "
                "if you have one."
            ),
            "email": _(
                "Only if you would like an answer. The editors alone see it; it is never published."
            ),
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "class": "form-control"}),
        }
        error_messages = {
            "text": {"required": _("Please say what is wrong.")},
            "email": {"invalid": _("Please enter a valid email address, like name@example.com.")},
        }

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("shown_at") is None:
            self.add_error(None, forms.ValidationError(gettext(STALE_FORM_MESSAGE), code="stale"))
        return cleaned_data

    def sent_by_a_bot(self):
        """Whether the honeypot was filled in, or the form sent sooner than a person could."""
        return bool(self.cleaned_data["website"]) or self.cleaned_data["shown_at"] < MIN_SECONDS


def private(view):
    """For the reader's eyes only: the form's signed time, their text, their thanks."""

    @wraps(view)
    def wrapped(request, slug):
        response = view(request, slug)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


@require_http_methods(["GET", "HEAD", "POST"])
@same_origin_posts_only
@private
def report_error(request, slug):
    """The form (GET); store the report and thank the reader (POST, then PRG). Whatever is
    refused comes back on the form with the reader's text."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    form = ErrorReportForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return _page(request, article, form, status=400 if form.is_bound else 200)
    if not form.sent_by_a_bot():
        rate = settings.ERROR_REPORT_RATE_LIMIT
        if retry_after := seconds_to_wait(f"error-report:{client_ip(request) or ''}", rate):
            form.add_error(None, gettext(RATE_LIMITED_MESSAGE))
            response = _page(request, article, form, status=429)
            response["Retry-After"] = retry_after
            return response
        form.instance.article = article
        form.save()
    return redirect("articles:report_error_thanks", slug=article.slug)


@require_safe
@private
def report_error_thanks(request, slug):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    return render(request, "articles/report_error.html", {"article": article, "thanked": True})


def _page(request, article, form, *, status):
    context = {"article": article, "form": form}
    return render(request, "articles/report_error.html", context, status=status)
