"""The moderator's admin: the comment list (pending first, counts by status), the status and
privacy actions, "Reply as the site", blocked terms, and comments inline on each article.

Every write goes through comments/services.py, as the reader-facing views' writes do.
"""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.defaultfilters import truncatechars
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles.admin import add_to_article_admin

# The editors' admin pages of comments live beside this module; importing them registers them.
from . import admin_help, admin_notes, queue, triage  # noqa: F401
from .forms import SiteReplyForm
from .models import (
    NOT_PENDING,
    BlockedTerm,
    Comment,
    CommentRevision,
    DeclineReason,
    PrivacyAudit,
    in_site_language,
)
from .privacy import commenter_export
from .services import (
    UndoExpired,
    comment_approve_redacted,
    comment_decline,
    comment_reply_as_site,
    comment_revoke_status_link,
    comment_set_status,
    comment_undo,
    commenter_erase,
    undo_token,
)

Status = Comment.Status
# Served by comment_pending_first_idx, and comment_article_pending_idx for one article.
PENDING_FIRST = NOT_PENDING.asc()
# Where the queue keeps the Undo of a decision made without JavaScript, for the page it
# redirects to.
UNDO_SESSION_KEY = "comments_queue_undo"
# Comments shown on an article's admin page, pending first: all of a busy article's are the
# comment list's, filtered by the article (its "waiting" link).
INLINE_COMMENTS = 50


def status_action(name, status, done, description, *, only_from=None):
    """An admin action that moves the selected comments to `status` and says how many moved
    (`done`: an ngettext_lazy() whose number is "count").

    With `only_from`, only comments in one of those statuses move (Restore touches only
    removed comments, whatever else is selected).
    """

    def action(modeladmin, request, queryset):
        count = comment_set_status(
            queryset,
            status=status,
            by=request.user,
            only_from=only_from,
        )
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)

    action.__name__ = name
    return admin.action(description=description, permissions=["change"])(action)


def selected_emails(queryset):
    return sorted(set(queryset.exclude(author_email="").values_list("author_email", flat=True)))


@admin.action(description=_("Export the selected commenters' data (JSON)"), permissions=["view"])
def export_commenters(modeladmin, request, queryset):
    emails = selected_emails(queryset)
    if not emails:
        modeladmin.message_user(
            request, gettext("None of these comments has an email."), messages.WARNING
        )
        return None
    data = {
        "commenters": [
            commenter_export(email, actor=request.user.get_username(), via="admin: export")
            for email in emails
        ]
    }
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="commenters.json"'
    return response


def erase_action(name, *, delete, description, permission):
    """Anonymise or delete every comment by the selected comments' authors, after a
    confirmation page that says how many comments that is."""

    def action(modeladmin, request, queryset):
        emails = selected_emails(queryset)
        if not emails:
            modeladmin.message_user(
                request, gettext("None of these comments has an email."), messages.WARNING
            )
            return None
        if request.POST.get("confirmed") != "yes":
            context = {
                **modeladmin.admin_site.each_context(request),
                "opts": modeladmin.opts,
                "title": description,
                "action_name": name,
                "delete": delete,
                "emails": emails,
                "comment_count": Comment.objects.filter(author_email__in=emails).count(),
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            }
            return TemplateResponse(
                request, "admin/comments/comment/erase_confirmation.html", context
            )
        count = sum(
            commenter_erase(
                email=email,
                delete=delete,
                actor=request.user.get_username(),
                via=f"admin: {'delete' if delete else 'anonymise'}",
            )
            for email in emails
        )
        commenters = ngettext("%(count)s commenter", "%(count)s commenters", len(emails)) % {
            "count": len(emails)
        }
        if delete:
            done = ngettext(
                "%(count)s comment from %(commenters)s deleted.",
                "%(count)s comments from %(commenters)s deleted.",
                count,
            )
        else:
            done = ngettext(
                "%(count)s comment from %(commenters)s anonymised.",
                "%(count)s comments from %(commenters)s anonymised.",
                count,
            )
        message = done % {"count": count, "commenters": commenters}
        modeladmin.message_user(request, message, messages.SUCCESS)
        return None

    action.__name__ = name
    return admin.action(description=description, permissions=[permission])(action)


@admin.action(description=_("Revoke the status link"), permissions=["change"])
def revoke_status_links(modeladmin, request, queryset):
    """For a link that leaked: the poster's status page answers 404 from then on."""
    count = comment_revoke_status_link(queryset, by=request.user)
    revoked = ngettext("%(count)s status link revoked.", "%(count)s status links revoked.", count)
    modeladmin.message_user(request, revoked % {"count": count}, messages.SUCCESS)


class RevisionInline(admin.TabularInline):
    """The texts a poster replaced by editing, oldest first: for the moderators alone."""

    model = CommentRevision
    fields = ["replaced_at", "status", "body"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "excerpt", "article_link", "author_name", "created_at", "status", "status_reason",
    ]  # fmt: skip
    # No date_hierarchy: its links read the date of every comment listed on each load, where
    # the created_at filter asks the database nothing.
    list_filter = ["status", "is_site_reply", "article", "created_at"]
    search_fields = ["author_name", "author_email", "body", "ip_address"]
    list_select_related = ["article"]
    list_per_page = 50
    # The pagination counts the comments listed; counting all of them too would read the
    # whole table again on every filtered page.
    show_full_result_count = False
    ordering = [PENDING_FIRST, "-created_at"]
    actions = [
        status_action(
            "make_approved", Status.APPROVED,
            ngettext_lazy("%(count)s comment approved.", "%(count)s comments approved.", "count"),
            _("Approve"),
        ),
        status_action(
            "make_unapproved", Status.PENDING,
            ngettext_lazy(
                "%(count)s comment unapproved.", "%(count)s comments unapproved.", "count"
            ),
            _("Unapprove"),
            only_from=[Status.APPROVED],
        ),
        status_action(
            "make_spam", Status.SPAM,
            ngettext_lazy(
                "%(count)s comment marked as spam.", "%(count)s comments marked as spam.", "count"
            ),
            _("Mark as spam"),
        ),
        status_action(
            "make_not_spam", Status.PENDING,
            ngettext_lazy(
                "%(count)s comment marked as not spam (now pending).",
                "%(count)s comments marked as not spam (now pending).",
                "count",
            ),
            _("Not spam"),
            only_from=[Status.SPAM],
        ),
        status_action(
            "make_removed", Status.REMOVED,
            ngettext_lazy("%(count)s comment removed.", "%(count)s comments removed.", "count"),
            _("Remove"),
        ),
        status_action(
            "make_restored", Status.PENDING,
            ngettext_lazy(
                "%(count)s comment restored (now pending).",
                "%(count)s comments restored (now pending).",
                "count",
            ),
            _("Restore"),
            only_from=[Status.REMOVED],
        ),
        export_commenters,
        erase_action(
            "anonymise_commenters",
            delete=False,
            description=_("Anonymise all comments by the selected commenters"),
            permission="change",
        ),
        erase_action(
            "delete_commenters",
            delete=True,
            description=_("Delete all comments by the selected commenters"),
            permission="delete",
        ),
        revoke_status_links,
    ]  # fmt: skip
    readonly_fields = [
        "created_at", "ip_address", "user_agent", "moderated_by", "moderated_at",
        "is_site_reply", "notify_on_approval", "approval_notified_at", "spam_label",
        "edited_at", "withdrawn_at", "has_status_link",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["article", "parent", "status", "status_reason"]}),
        (
            _("Comment"),
            {"fields": ["author_name", "author_email", "author_url", "body", "language"]},
        ),
        (
            # Translators: the heading of what the site recorded about a comment (date, IP...).
            _("Record"),
            {
                "fields": [
                    "created_at", "ip_address", "user_agent", "is_site_reply",
                    "notify_on_approval", "approval_notified_at", "moderated_by", "moderated_at",
                    "spam_label", "edited_at", "withdrawn_at", "has_status_link",
                ]
            },
        ),
    ]  # fmt: skip
    raw_id_fields = ["parent"]

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        if comment.withdrawn_at:
            return gettext("(withdrawn by its author)")
        excerpt = truncatechars(comment.body, 80)
        if comment.edited_at:
            return gettext("%(excerpt)s (edited)") % {"excerpt": excerpt}
        return excerpt

    @admin.display(description=_("status link"), boolean=True)
    def has_status_link(self, comment):
        """Whether the poster's private link works (a moderator may revoke it)."""
        return bool(comment.status_key)

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, comment):
        return format_html('<a href="{}">{}</a>', comment.get_absolute_url(), comment.article)

    def has_add_permission(self, request):
        """Comments come from readers, or from "Reply as the site" on a comment's page."""
        return False

    def get_ordering(self, request):
        """Of one status, pending first is no order at all: newest first, which the index on
        status and date serves where the pending-first one would need a sort of them all."""
        if request.GET.get("status__exact"):
            return ["-created_at"]
        return super().get_ordering(request)

    def get_inlines(self, request, obj):
        """The earlier versions, only for a comment its poster edited: the other comments'
        change forms stay as they were, with no inline's management form to post."""
        return [RevisionInline] if obj is not None and obj.revisions.exists() else []

    def changelist_view(self, request, extra_context=None):
        counts = self.status_counts(request)
        extra_context = {
            **(extra_context or {}),
            "status_counts": counts,
            "queue_waiting": counts[0]["count"] if self.has_change_permission(request) else None,
        }
        return super().changelist_view(request, extra_context)

    def status_counts(self, request):
        """Each status with its count and the link that filters the list by it, pending first."""
        # COUNT(*), not of a column: PostgreSQL then counts from the status index alone.
        counts = dict(Comment.objects.order_by().values_list("status").annotate(n=Count("*")))
        current = request.GET.get("status__exact")
        url = reverse("admin:comments_comment_changelist")
        return [
            {
                "label": status.label,
                "count": counts.get(status, 0),
                "url": f"{url}?status__exact={status}",
                "current": current == status,
            }
            for status in Status
        ]

    def save_model(self, request, obj, form, change):
        """Save the edited fields; a status change goes through the service, like an action."""
        new_status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
        if {"body", "author_url"} & set(form.changed_data):
            triage.triage(obj)  # a moderator's edit is sorted again, as a poster's is
        super().save_model(request, obj, form, change)
        if obj.status != new_status:
            comment_set_status(
                Comment.objects.filter(pk=obj.pk), status=new_status, by=request.user
            )
            obj.refresh_from_db()

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("queue/", view(self.queue_view), name="comments_comment_queue"),
            path("queue/undo/", view(self.undo_view), name="comments_comment_undo"),
            path(
                "<path:object_id>/moderate/",
                view(self.moderate_view),
                name="comments_comment_moderate",
            ),
            path(
                "<path:object_id>/redact/", view(self.redact_view), name="comments_comment_redact"
            ),
            path("<path:object_id>/reply/", view(self.reply_view), name="comments_comment_reply"),
            *super().get_urls(),
        ]

    # The moderation queue (comments/queue.py) ---------------------------------------------

    def queue_view(self, request):
        """Each waiting comment whole, riskiest first, with one-click row actions."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            **queue.page(request.GET),
            "opts": self.opts,
            "title": gettext("Moderation queue"),
            "decline_reasons": DeclineReason.choices,
            "undo": request.session.pop(UNDO_SESSION_KEY, None),
        }
        return TemplateResponse(request, "admin/comments/comment/queue.html", context)

    @method_decorator(require_POST)
    def moderate_view(self, request, object_id):
        """A queue row's Approve, Spam, Remove or Decline, which can be undone for a while."""
        comment = self.comment_to_change(request, object_id)
        form = queue.ModerateForm(request.POST)
        if not form.is_valid():
            error = " ".join(message for errors in form.errors.values() for message in errors)
            return self.queue_answer(request, error, failed=True)
        comments = Comment.objects.filter(pk=comment.pk)
        token = undo_token(comments, status=form.status)
        if form.cleaned_data["action"] == "decline":
            data = form.cleaned_data
            comment_decline(comments, reason=data["reason"], note=data["note"], by=request.user)
        else:
            comment_set_status(comments, status=form.status, by=request.user)
        return self.queue_answer(request, form.done, undo=token, whose=comment.author_name)

    @method_decorator(require_POST)
    def undo_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        try:
            undone = comment_undo(token=request.POST.get("token", ""), by=request.user)
        except UndoExpired as expired:
            return self.queue_answer(request, str(expired), failed=True)
        if not undone:
            not_undone = gettext("Not undone: a later decision stands.")
            return self.queue_answer(request, not_undone, failed=True)
        return self.queue_answer(request, gettext("Undone."))

    def queue_answer(self, request, message, *, failed=False, undo=None, whose=""):
        """The queue's script gets JSON; a plain form post goes back to the queue (one POST per
        decision), the Undo button kept for it in the session."""
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"message": message, "undo": undo}, status=400 if failed else 200)
        if undo:
            # Translators: what a moderator did (Approved, Marked as spam...) and to whose
            # comment: "Approved: Jane".
            done = gettext("%(done)s: %(name)s") % {"done": message, "name": whose}
            request.session[UNDO_SESSION_KEY] = {"message": done, "token": undo}
        else:
            self.message_user(request, message, messages.ERROR if failed else messages.SUCCESS)
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = reverse("admin:comments_comment_queue")
        return redirect(back)

    def redact_view(self, request, object_id):
        """Approve with redaction: the moderator marks the parts to remove, and why."""
        comment = self.comment_to_change(request, object_id)
        form = queue.RedactForm(request.POST or None, original=comment.body)
        if request.method == "POST" and form.is_valid():
            reason = form.cleaned_data["reason"]
            try:
                comment_approve_redacted(comment, spans=form.spans, reason=reason, by=request.user)
            except ValueError:
                changed = gettext("The comment's text changed meanwhile. Open this page again.")
                form.add_error(None, changed)
            else:
                parts = len(form.spans)
                done = ngettext(
                    "Approved with %(count)s part removed: %(name)s.",
                    "Approved with %(count)s parts removed: %(name)s.",
                    parts,
                ) % {"count": parts, "name": comment.author_name}
                self.message_user(request, done, messages.SUCCESS)
                return redirect("admin:comments_comment_queue")
        title = gettext("Approve with redaction: %(comment)s") % {"comment": comment}
        return self.comment_form_page(request, "redact.html", comment, title, form)

    def comment_form_page(self, request, template, comment, title, form):
        """An admin page of one comment with a form of its own (redaction, reply)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": comment,
            "title": title,
            "form": form,
        }
        return TemplateResponse(request, f"admin/comments/comment/{template}", context)

    def comment_to_change(self, request, object_id):
        """The comment of the address, if this moderator may change it (else 404 or 403)."""
        comment = self.get_object(request, object_id)
        if comment is None:
            raise Http404("No such comment.")
        if not self.has_change_permission(request, comment):
            raise PermissionDenied
        return comment

    def reply_view(self, request, object_id):
        """Reply as the site: a reply published at once under the comment."""
        parent = self.get_object(request, object_id)
        if parent is None:
            self.message_user(
                request,
                gettext("There is no comment with ID “%(id)s”: perhaps it was deleted.")
                % {"id": object_id},
                messages.WARNING,
            )
            return redirect("admin:comments_comment_changelist")
        if not self.has_change_permission(request, parent):
            raise PermissionDenied
        if parent.status in (Status.SPAM, Status.REMOVED):
            self.message_user(
                request,
                gettext(
                    "This comment is marked %(status)s: restore it (Not spam or Restore) before "
                    "replying."
                )
                % {"status": parent.get_status_display().lower()},
                messages.ERROR,
            )
            return redirect("admin:comments_comment_change", parent.pk)
        with in_site_language():  # the name readers see, in the site's language
            site_team = gettext("Site team")
        form = SiteReplyForm(
            request.POST or None,
            initial={"author_name": request.user.get_full_name() or site_team},
        )
        if request.method == "POST" and form.is_valid():
            reply = comment_reply_as_site(parent=parent, by=request.user, **form.cleaned_data)
            self.message_user(
                request,
                format_html(
                    gettext('Your reply is published: <a href="{url}">see it on the site</a>.'),
                    url=reply.get_absolute_url(),
                ),
                messages.SUCCESS,
            )
            return redirect("admin:comments_comment_change", parent.pk)
        title = gettext("Reply as the site to %(comment)s") % {"comment": parent}
        return self.comment_form_page(request, "reply.html", parent, title, form)


@admin.register(PrivacyAudit)
class PrivacyAuditAdmin(admin.ModelAdmin):
    """Who exported or erased whose data, and when: read-only, the commenter only as a hash.

    To find a commenter's entries, search for the hash `comments.privacy.email_hash(email)`
    prints in `manage.py shell`."""

    list_display = ["at", "action", "comment_count", "actor", "via", "email_hash"]
    list_filter = ["action", "via"]
    search_fields = ["email_hash", "actor"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BlockedTerm)
class BlockedTermAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "note", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]
    fields = ["kind", "value", "note"]


class CommentInlineFormSet(BaseInlineFormSet):
    """The comments inline's rows: a status changed there goes through the service, as an
    action's does (the moderator recorded, the spam filter taught, the commenter told)."""

    moderator = None  # the user saving the article page, set by CommentInline.get_formset()

    def get_queryset(self):
        """The rows: the article's first INLINE_COMMENTS comments in the inline's order; on a
        save, the comments the posted rows were made from, wherever that order puts them now."""
        if not hasattr(self, "_rows"):
            comments = super().get_queryset()
            if self.is_bound:
                posted = (
                    self.data.get(f"{self.add_prefix(i)}-id", "")
                    for i in range(self.initial_form_count())
                )
                self._rows = comments.filter(pk__in=[pk for pk in posted if pk.isdigit()])
            else:
                self._rows = comments[:INLINE_COMMENTS]
        return self._rows

    def save(self, commit=True):
        super().save(commit=False)  # fills changed_objects without writing anything
        by_status = {}
        for comment, changed_fields in self.changed_objects:
            if "status" in changed_fields:
                by_status.setdefault(comment.status, []).append(comment.pk)
        for status, ids in by_status.items():
            comment_set_status(Comment.objects.filter(pk__in=ids), status=status, by=self.moderator)
        return [comment for comment, _ in self.changed_objects]


class CommentInline(admin.TabularInline):
    """An article's comments on its admin page: the text read-only, the status editable."""

    model = Comment
    formset = CommentInlineFormSet
    fk_name = "article"
    fields = ["author_name", "excerpt", "created_at", "status", "status_reason"]
    readonly_fields = ["author_name", "excerpt", "created_at", "status_reason"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = format_lazy(
        _("comments (pending first, then the newest; {count} at most)"), count=INLINE_COMMENTS
    )

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return truncatechars(comment.body, 120)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("article")  # each row's title
        return queryset.order_by(PENDING_FIRST, "-created_at")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)  # a class made for this request
        formset.moderator = request.user
        return formset

    def has_add_permission(self, request, obj=None):
        return False


@admin.display(description=_("waiting for moderation"))
def comments_waiting(article):
    """How many of the article's comments wait, linked to the comment list showing them."""
    count = article.comments.pending().count()
    return format_html(
        '<a href="{}?article__id__exact={}&amp;status__exact=pending">{}</a>',
        reverse("admin:comments_comment_changelist"),
        article.pk,
        ngettext("%(count)s comment waiting", "%(count)s comments waiting", count)
        % {"count": count},
    )


add_to_article_admin(
    inlines=[CommentInline], fieldsets=[(_("Comments"), {"fields": [comments_waiting]})]
)
