import time
from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout, Submit
from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import MaxLengthValidator, URLValidator
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import languages, sensitive
from .models import THREAD_TOP, Comment
from .moderation import Signals
from .text import clean_single_line, clean_text

TIMESTAMP_SALT = "comments.form-shown-at"
# Marked here, translated where the form adds them (the reader's language at that moment).
STALE_FORM_MESSAGE = gettext_noop(
    "This form was open for too long, or could not be checked. Your text is kept below: "
    "please post it again."
)
REPLY_REFUSED_MESSAGE = gettext_noop(
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


class PreviewSubmit(Submit):
    """The second button: after "Post comment" in the form, so Enter still posts."""

    field_classes = "btn btn-secondary"


@dataclass(frozen=True)
class PrivacyCheck:
    """What in a comment about to be posted could identify its poster or someone else: spans
    of its text (comments/sensitive.py) and a full name that could be shortened. False when
    there is nothing to ask about."""

    text: str
    findings: tuple
    name_suggestion: str | None

    def __bool__(self):
        return bool(self.findings or self.name_suggestion)

    @property
    def holds_post(self):
        """Whether the post waits for the poster's word: only for what the text gives away.
        A name is typed in a field that says it is published; a full name is advised against
        (in the field's help, a preview, any answer) but never stops a post."""
        return bool(self.findings)

    @property
    def explanations(self):
        """One sentence for each kind found, in the order they first appear in the text."""
        kinds = dict.fromkeys(finding.kind for finding in self.findings)
        return [sensitive.EXPLANATIONS[kind] for kind in kinds]


class WebsiteField(forms.URLField):
    """A web address readers may follow: http or https only. It replaces URLField's own check
    (which also takes ftp) rather than adding to it, so a bad address gets one message."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class CommentForm(forms.ModelForm):
    author_url = WebsiteField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Optional."),
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        error_messages={
            "invalid": _("Please enter a full web address starting with http:// or https://.")
        },
    )
    # The honeypot: hidden from people and screen readers, so only a bot fills it in. A bot
    # that does gets the same "awaiting moderation" answer as everyone (see moderation.py).
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    email_status_link = forms.BooleanField(
        label=_("Email me the private link to this comment"),
        required=False,
        help_text=_("One email with the link where you can follow, edit or withdraw it."),
    )
    remember_me = forms.BooleanField(
        label=_("Remember my name and email on this device"),
        required=False,
        help_text=_("Kept in a cookie on this device only, until you choose to forget them."),
    )
    # Preselected to the interface language when shown; stored on the comment (`lang`).
    language = forms.ChoiceField(
        label=pgettext_lazy("the language of a comment", "Written in"),
        required=False,
        choices=languages.choices,
        initial=get_language,
        widget=languages.LanguageSelect,
        help_text=_("So that screen readers read your comment in its language."),
    )
    timestamp = FormTimestampField()
    # Posted by the privacy check's "Post it as it is" button alone: the poster saw what the
    # check found and posts the text unchanged (templates/comments/_form_answer.html).
    privacy_confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The comment being answered (its id), if any. Rendered by comments/_replying_to.html from
    # `reply_to`, so a refused id is not posted again with the text.
    parent = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = [
            "author_name",
            "author_email",
            "author_url",
            "body",
            "language",
            "notify_on_approval",
            "notify_on_reply",
        ]
        labels = {
            "author_name": _("Name"),
            "author_email": _("Email"),
            "body": _("Comment"),
            "notify_on_approval": _("Email me when my comment is approved"),
            "notify_on_reply": _("Email me when someone replies"),
        }
        help_texts = {
            "author_name": _("Shown with your comment. A first name or initials is enough."),
            "author_email": _(
                "Never published. Used to recognise you when you comment again, to contact you "
                "if we need to, and for the emails below if you ask for them."
            ),
            "body": _("Plain text. Links are shown but not followed by search engines."),
            "notify_on_approval": _("One email, only once."),
            "notify_on_reply": _(
                "First an email to confirm; then one email per published reply, with a link to "
                "stop them."
            ),
        }
        widgets = {
            "author_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "author_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "body": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "author_name": {"required": _("Please enter your name.")},
            "author_email": {
                "required": _("Please enter your email address. It is never published."),
                "invalid": _("Please enter a valid email address, like name@example.com."),
            },
            "body": {"required": _("Please write your comment.")},
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
        # Every answer to a post that stores nothing (what to fix, a preview, the privacy
        # check) is the box with this id, so the browser lands on it, and focuses it.
        helper.form_action = (
            reverse("comments:post", kwargs={"slug": self.article.slug}) + "#comment-answer"
        )
        helper.form_id = "comment-form"
        # Crispy's own form template, less its box of errors not tied to a field: the
        # answer's summary above the form lists those with the others.
        helper.template = "comments/_form.html"
        # No CSRF token: the page is the same for everyone. Cross-site posts are refused by
        # their Sec-Fetch-Site / Origin headers instead (hfs_site/origin.py).
        helper.disable_csrf = True
        helper.attrs = {"novalidate": ""}
        helper.layout = Layout(
            HTML('{% include "comments/_replying_to.html" %}'),
            "author_name",
            "author_email",
            "author_url",
            "body",
            "language",
            "notify_on_approval",
            "notify_on_reply",
            "email_status_link",
            "remember_me",
            Div(Field("homepage"), css_class="comment-form__trap", aria_hidden="true"),
            "timestamp",
        )
        helper.add_input(Submit("submit", gettext("Post comment")))
        helper.add_input(PreviewSubmit("preview", gettext("Preview")))
        return helper

    def clean_author_name(self):
        name = clean_single_line(self.cleaned_data["author_name"])
        if not name:
            raise forms.ValidationError(gettext("Please enter your name."))
        return name

    def clean_author_email(self):
        return self.cleaned_data["author_email"].strip().lower()

    def clean_body(self):
        body = clean_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError(gettext("Please write your comment."))
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
            refused = gettext(REPLY_REFUSED_MESSAGE)
            self.add_error(None, forms.ValidationError(refused, code="reply"))
        self.reply_to = parent
        return parent

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("timestamp") is None:
            stale = gettext(STALE_FORM_MESSAGE)
            self.add_error(None, forms.ValidationError(stale, code="stale"))
        return cleaned_data

    def comment_data(self):
        """The cleaned values that are stored on the comment."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def problems(self):
        """Each error as (message, id of its field or "" for the form's own), in form order:
        the summary at the top of an answer links each to its field."""
        listed = [(str(message), "") for message in self.non_field_errors()]
        for field in self:
            listed += [(str(message), field.id_for_label) for message in field.errors]
        return listed

    def preview(self):
        """The comment as it will be published, never stored: it has no pk, so
        comments/_comment.html shows it without its anchor and links."""
        return Comment(article=self.article, status=Comment.Status.APPROVED, **self.comment_data())

    def privacy_check(self):
        """What the text and the name could give away (a false PrivacyCheck if nothing)."""
        body = self.cleaned_data["body"]
        return PrivacyCheck(
            text=body,
            findings=tuple(sensitive.personal_data(body)),
            name_suggestion=sensitive.full_name_suggestion(self.cleaned_data["author_name"]),
        )

    def posted_again(self):
        """(name, value) of each field the privacy check's "Post it as it is" sends again, as
        it was posted (hidden inputs of its own form: no ids of the form's fields)."""
        names = [name for name in self.fields if name != "privacy_confirmed"]
        return [(name, "" if (value := self[name].value()) is None else value) for name in names]

    def signals(self):
        """What moderation learns from how the form was filled in."""
        return Signals(
            honeypot=self.cleaned_data["homepage"],
            seconds_to_post=self.cleaned_data["timestamp"],
        )


class SiteReplyForm(forms.Form):
    """A moderator's reply, published at once as coming from the site team."""

    author_name = forms.CharField(
        label=_("Name shown"),
        max_length=80,
        help_text=_("Shown with a “Site team” badge."),
        error_messages={"required": _("Please enter the name to show.")},
    )
    body = forms.CharField(
        label=_("Reply"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        error_messages={"required": _("Please write the reply.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].validators.append(MaxLengthValidator(settings.COMMENTS_MAX_LENGTH))

    def clean_author_name(self):
        name = clean_single_line(self.cleaned_data["author_name"])
        if not name:
            raise forms.ValidationError(gettext("Please enter the name to show."))
        return name

    def clean_body(self):
        body = clean_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError(gettext("Please write the reply."))
        return body
