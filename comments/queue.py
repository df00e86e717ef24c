"""The moderation queue (comments/admin.py shows it at admin/comments/comment/queue/): what
waits for a moderator, riskiest first, with what each row needs, and the forms of its row
actions and of "Approve with redaction".

Reads only: every decision goes through comments/services.py.
"""

import re
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import triage
from .models import Comment, CommentReport, DeclineReason
from .sensitive import personal_data

PER_PAGE = 50
# How each triage tag (Comment.tags) is named on its badge; a tag not named here shows as it is.
TAG_LABELS = {
    triage.DISTRESS: _("Distress"),
    triage.PERSONAL_DATA: _("Personal data"),
    triage.MEDICAL_CLAIM: _("Medical claim"),
    triage.COMMERCIAL: _("Commercial"),
}
# What a moderator writes around a part of a comment to remove it (RedactForm).
OPEN, CLOSE = "[[", "]]"
MARK = re.compile(re.escape(OPEN) + "|" + re.escape(CLOSE))


def has_tag(tag):
    """Q: Comment.tags, a space-separated list, holds `tag` as a whole word."""
    return (
        Q(tags=tag)
        | Q(tags__startswith=f"{tag} ")
        | Q(tags__endswith=f" {tag}")
        | Q(tags__contains=f" {tag} ")
    )


def report_count(**filters):
    """How many reports (with these filters) the comment has, counted for that row alone: a
    join and GROUP BY would count the reports of every waiting comment before the page's
    rows are picked."""
    reports = (
        CommentReport.objects.filter(comment=OuterRef("pk"), **filters)
        .order_by()
        .values("comment")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(reports), 0)


def waiting(tag=""):
    """The comments waiting for a moderator (held by the rules, edited, or hidden after
    reports), riskiest first then oldest (the comment_queue_idx index), each with its article,
    the comment it answers, and how many reports of each reason it had (one query)."""
    by_reason = {
        f"reports_{reason.value}": report_count(reason=reason) for reason in CommentReport.Reason
    }
    comments = Comment.objects.pending()
    if tag:
        comments = comments.filter(has_tag(tag))
    return (
        comments.select_related("article", "parent")
        .annotate(report_count=report_count(), **by_reason)
        .order_by("-risk", "created_at", "pk")
    )


@dataclass
class Row:
    """One waiting comment as its row shows it."""

    comment: Comment
    tags: list = field(default_factory=list)  # (tag, label)
    reports: list = field(default_factory=list)  # (reason label, count)


def row(comment):
    tags = [(tag, TAG_LABELS.get(tag, tag)) for tag in comment.tags.split()]
    reports = [
        (reason.label, count)
        for reason in CommentReport.Reason
        if (count := getattr(comment, f"reports_{reason.value}", 0))
    ]
    return Row(comment=comment, tags=tags, reports=reports)


def tag_filters(current):
    """The "All" link and one link per triage tag, each with how many comments wait (one
    query)."""
    counts = Comment.objects.pending().aggregate(
        all=Count("pk"), **{tag: Count("pk", filter=has_tag(tag)) for tag in TAG_LABELS}
    )
    return [
        {"tag": "", "label": gettext("All"), "count": counts["all"], "current": not current},
        *(
            {"tag": tag, "label": label, "count": counts[tag], "current": current == tag}
            for tag, label in TAG_LABELS.items()
        ),
    ]


def page(params):
    """The queue's page for the query string `params` (?tag=, ?page=): its rows, the tag
    filters and the paginator's page (an out-of-range page number gives the last page)."""
    tag = params.get("tag", "")
    if tag not in TAG_LABELS:
        tag = ""
    paginated = Paginator(waiting(tag), PER_PAGE).get_page(params.get("page"))
    return {
        "rows": [row(comment) for comment in paginated],
        "page_obj": paginated,
        "tag": tag,
        "tag_filters": tag_filters(tag),
    }


class ModerateForm(forms.Form):
    """One row action of the queue; Decline needs a reason, and may carry a note to the poster."""

    # Each action: the status it gives, and what the row says once it is done.
    ACTIONS = {
        "approve": (Comment.Status.APPROVED, _("Approved")),
        "spam": (Comment.Status.SPAM, _("Marked as spam")),
        "remove": (Comment.Status.REMOVED, _("Removed")),
        "decline": (Comment.Status.REMOVED, _("Declined")),
    }

    action = forms.ChoiceField(choices=[(action, done) for action, (_, done) in ACTIONS.items()])
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose a reason")), *DeclineReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note to the poster (optional)"),
        max_length=300,
        required=False,
        help_text=_("Shown with the reason on the poster's private status page."),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "decline" and not data.get("reason"):
            self.add_error("reason", gettext("Choose why the comment is declined."))
        return data

    @property
    def status(self):
        return self.ACTIONS[self.cleaned_data["action"]][0]

    @property
    def done(self):
        """What the row says once the action is done: "Approved", "Declined: off-topic"."""
        if self.cleaned_data["action"] == "decline":
            reason = DeclineReason(self.cleaned_data["reason"]).label.lower()
            return gettext("Declined: %(reason)s") % {"reason": reason}
        return str(self.ACTIONS[self.cleaned_data["action"]][1])


def marked(text):
    """The comment's text with what comments.sensitive.personal_data finds in it wrapped in
    [[ ]], overlapping findings joined, as the redaction form first shows it."""
    spans = merge_spans((finding.start, finding.end) for finding in personal_data(text))
    pieces, at = [], 0
    for start, end in spans:
        pieces += [text[at:start], OPEN, text[start:end], CLOSE]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def merge_spans(spans):
    """Sorted (start, end) spans, overlapping or touching ones joined, empty ones dropped."""
    merged = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def unmark(text):
    """The text without its [[ ]] marks, and the (start, end) spans they enclosed in it;
    raises ValueError for marks that do not pair up."""
    plain, spans, start, at = [], [], None, 0
    for mark in MARK.finditer(text):
        plain.append(text[at : mark.start()])
        at = mark.end()
        offset = sum(map(len, plain))
        if (mark.group() == OPEN) != (start is None):
            raise ValueError("Each [[ needs a ]] after it, and no [[ may sit inside another.")
        if start is None:
            start = offset
        else:
            spans.append((start, offset))
            start = None
    if start is not None:
        raise ValueError("Each [[ needs a ]] after it, and no [[ may sit inside another.")
    plain.append(text[at:])
    return "".join(plain), merge_spans(spans)


class RedactForm(forms.Form):
    """The moderator marks in the comment's own text, with [[ ]], the parts to remove; the rest
    of the text must stay as it is (an edit of the words is the comment's change page's job)."""

    text = forms.CharField(
        label=_("The comment, with the parts to remove in [[ ]]"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80}),
        help_text=_(
            "Put [[ before and ]] after each part to remove; what the privacy check found is "
            "marked already. Add or delete marks only: the words stay as the poster wrote them."
        ),
    )
    reason = forms.ChoiceField(
        # Translators: the label of the reason a moderator removes parts of a comment.
        label=_("Why"),
        choices=DeclineReason.choices,
        initial=DeclineReason.PERSONAL_DATA,
    )

    def __init__(self, *args, original, **kwargs):
        super().__init__(*args, **kwargs)
        self.original = original
        self.fields["text"].initial = marked(original)

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        try:
            plain, spans = unmark(text)
        except ValueError:
            raise forms.ValidationError(
                gettext("Each [[ needs a ]] after it, and no [[ may sit inside another.")
            ) from None
        if plain != self.original:
            raise forms.ValidationError(
                gettext(
                    "The words changed: only add or delete [[ ]] marks. (If the poster edited "
                    "the comment meanwhile, open this page again.)"
                )
            )
        if not spans:
            raise forms.ValidationError(gettext("Mark at least one part with [[ ]] to remove."))
        self.spans = spans
        return text
