import re
import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator, URLValidator
from django.urls import reverse

from .models import Comment

# Control characters other than tab and newline, and the invisible characters that reorder
# or hide text (bidi overrides, zero-width joiners) which can disguise a name.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
INVISIBLE_CHARS = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean_text(value):
    """Normalise line endings and drop control characters; keeps emoji and every script."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return CONTROL_CHARS.sub("", value).strip()


def clean_single_line(value):
    """A name is one line of visible text: no newlines (so no email header injection)."""
    return " ".join(INVISIBLE_CHARS.sub("", clean_text(value)).split())


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

    class Meta:
        model = Comment
        fields = ["author_name", "author_email", "author_url", "body"]
        labels = {
            "author_name": "Name",
            "author_email": "Email",
            "body": "Comment",
        }
        help_texts = {
            "author_name": "Shown with your comment.",
            "author_email": "Never published. Used only if we need to contact you.",
            "body": "Plain text. Links are shown but not followed by search engines.",
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

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["author_email"].required = True
        body = self.fields["body"]
        body.validators.append(MaxLengthValidator(settings.COMMENTS_MAX_LENGTH))
        body.widget.attrs["maxlength"] = settings.COMMENTS_MAX_LENGTH
        self.helper = FormHelper()
        self.helper.form_action = reverse("comments:post", kwargs={"slug": article.slug})
        self.helper.form_id = "comment-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", "Post comment"))

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
