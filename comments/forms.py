import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout, Submit
from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import MaxLengthValidator, URLValidator
from django.urls import reverse
from django.utils.functional import cached_property

from .models import THREAD_TOP, Comment
from .moderation import Signals
from .text import clean_single_line, clean_text

TIMESTAMP_SALT = "comments.form-shown-at"
STALE_FORM_MESSAGE = (
    "This form was open for too long, or could not be checked. Your text is kept below: "
    "please post it again."
)
REPLY_REFUSED_MESSAGE = (
    "The comment you are replying to cannot be answered: it is waiting for a moderator, was "
    "removed, or is not on this page. Your text is kept below: post it again to leave it as a "
    "comment of its own."
)


def form_timestamp(shown_at=None):
    """A signed record of when the form was made (now, unless given as a Unix time).

    The article page is the same for every reader and may be kept (articles/kept_pages.py),
    so this is when the page was built, not when this reader opened it: how long a post took
    is measured from then (docs/architecture.md says what that keeps of the check).
    """
    return signing.dumps(time.time() if shown_at is None else shown_at, salt=TIMESTAMP_SALT)


class FormTimestampField(forms.Field):
    """The hidden, signed time the form was made; cleans to the seconds since then.

    A stale (older than COMMENTS_MAX_FORM_AGE) or forged value cleans to None. The form is then
    shown again with a fresh timestamp rather than the posted one, so posting again works.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, initial=form_timestamp, **kwargs)

    def to_python(self, value):
        try:
            shown_at = signing.loads(
                value or "", salt=TIMESTAMP_SALT, max_age=settings.COMMENTS_MAX_FORM_AGE
            )
            return max(0.0, time.time() - float(shown_at))
        except (signing.BadSignature, TypeError, ValueError):
            return None

    def bound_data(self, data, initial):
        return data if self.to_python(data) is not None else initial


class CommentForm(forms.ModelForm):
    author_url = forms.URLField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Optional.",
        validators=[URLValidator(schemes=["http", "https"])],
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        error_messages={
            "invalid": "Please enter a full web address starting with http:// or https://."
        },
    )
    # The honeypot: hidden from people and screen readers, so only a bot fills it in. A bot
    # that does gets the same "awaiting moderation" answer as everyone (see moderation.py).
    homepage = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    timestamp = FormTimestampField()
    # The comment being answered (its id), if any. Rendered by comments/_replying_to.html from
    # `reply_to`, so a refused id is not posted again with the text.
    parent = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["author_name", "author_email", "author_url", "body", "notify_on_approval"]
        labels = {
            "author_name": "Name",
            "author_email": "Email",
            "body": "Comment",
            "notify_on_approval": "Email me when my comment is approved",
        }
        help_texts = {
            "author_name": "Shown with your comment.",
            "author_email": (
                "Never published. Used to recognise you when you comment again, to contact you "
                "if we need to, and for the one email below if you ask for it."
            ),
            "body": "Plain text. Links are shown but not followed by search engines.",
            "notify_on_approval": "One email, only once. Nothing else is ever sent.",
        }
        widgets = {
            "author_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "author_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "body": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "author_name": {"required": "Please enter your name."},
            "author_email": {
                "required": "Please enter your email address. It is never published.",
                "invalid": "Please enter a valid email address, like name@example.com.",
            },
            "body": {"required": "Please write your comment."},
        }

    def __init__(self, *args, article, reply_to=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        # The approved comment this form answers: given when the page was asked for with
        # ?replytocom=, or found by clean_parent() in a post.
        self.reply_to = reply_to
        self.fields["author_email"].required = True
        body = self.fields["body"]
        body.validators.append(MaxLengthValidator(settings.COMMENTS_MAX_LENGTH))
        body.widget.attrs["maxlength"] = settings.COMMENTS_MAX_LENGTH

    @cached_property
    def helper(self):
        """How crispy lays the form out; built when the form is shown, not for a valid post."""
        helper = FormHelper()
        helper.form_action = reverse("comments:post", kwargs={"slug": self.article.slug})
        helper.form_id = "comment-form"
        # No CSRF token: the page is the same for everyone. Cross-site posts are refused by
        # their Sec-Fetch-Site / Origin headers instead (hfs_site/origin.py).
        helper.disable_csrf = True
        helper.attrs = {"novalidate": ""}
        helper.layout = Layout(
            "author_name",
            "author_email",
            "author_url",
            "body",
            "notify_on_approval",
            Div(Field("homepage"), css_class="comment-form__trap", aria_hidden="true"),
            "timestamp",
            HTML('{% include "comments/_replying_to.html" %}'),
        )
        helper.add_input(Submit("submit", "Post comment"))
        return helper

    def clean_author_name(self):
        name = clean_single_line(self.cleaned_data["author_name"])
        if not name:
            raise forms.ValidationError("Please enter your name.")
        return name

    def clean_author_email(self):
        return self.cleaned_data["author_email"].strip().lower()

    def clean_body(self):
        body = clean_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError("Please write your comment.")
        return body

    def clean_parent(self):
        """The approved comment of this article being answered; a refusal is shown at the top
        of the form (the field is hidden)."""
        value = self.cleaned_data["parent"]
        if not value:
            return None
        parent = None
        if value.isascii() and value.isdigit() and len(value) <= 18:
            parent = (
                Comment.objects.approved()
                .filter(article=self.article, pk=int(value))
                .select_related(THREAD_TOP)
                .first()
            )
        if parent is None:
            self.add_error(None, forms.ValidationError(REPLY_REFUSED_MESSAGE, code="reply"))
        self.reply_to = parent
        return parent

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("timestamp") is None:
            self.add_error(None, forms.ValidationError(STALE_FORM_MESSAGE, code="stale"))
        return cleaned_data

    def comment_data(self):
        """The cleaned values that are stored on the comment."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def signals(self):
        """What moderation learns from how the form was filled in."""
        return Signals(
            honeypot=self.cleaned_data["homepage"],
            seconds_to_post=self.cleaned_data["timestamp"],
        )


class SiteReplyForm(forms.Form):
    """A moderator's reply, published at once as coming from the site team."""

    author_name = forms.CharField(
        label="Name shown",
        max_length=80,
        help_text="Shown with a “Site team” badge.",
        error_messages={"required": "Please enter the name to show."},
    )
    body = forms.CharField(
        label="Reply",
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        error_messages={"required": "Please write the reply."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].validators.append(MaxLengthValidator(settings.COMMENTS_MAX_LENGTH))

    def clean_author_name(self):
        name = clean_single_line(self.cleaned_data["author_name"])
        if not name:
            raise forms.ValidationError("Please enter the name to show.")
        return name

    def clean_body(self):
        body = clean_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError("Please write the reply.")
        return body
