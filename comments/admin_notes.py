"""Editors' notes on comments: the published comments, each read-only but for its note.

Editors get the CommentNote proxy's own permissions (the Editors group), not the moderators'
ones on Comment: they can add a note under a comment, and change nothing else about it.
"""

from django import forms
from django.contrib import admin
from django.template.defaultfilters import truncatechars
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from .models import CommentNote

NOTE_MAX_LENGTH = 500


class HasNoteFilter(admin.SimpleListFilter):
    title = _("editor's note")
    parameter_name = "note"

    def lookups(self, request, model_admin):
        return [("yes", _("With a note")), ("no", _("Without a note"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(editor_note="")
        if self.value() == "no":
            return queryset.filter(editor_note="")
        return queryset


class CommentNoteForm(forms.ModelForm):
    editor_note = forms.CharField(
        label=_("Editor's note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown under the comment to every reader as “Editor's note: …”, e.g. “Treatments "
            "have changed since 2010; see the article's section on surgery.” Plain text, short. "
            "Empty: no note."
        ),
    )

    class Meta:
        model = CommentNote
        fields = ["editor_note"]


@admin.register(CommentNote)
class CommentNoteAdmin(admin.ModelAdmin):
    form = CommentNoteForm
    list_display = ["excerpt", "author_name", "article", "created_at", "note"]
    # As the comment list's (comments/admin.py): a date filter instead of date_hierarchy, and
    # no second count of every comment on each filtered page.
    list_filter = [HasNoteFilter, "article", "created_at"]
    search_fields = ["author_name", "body", "editor_note"]
    list_select_related = ["article"]
    list_per_page = 50
    show_full_result_count = False
    ordering = ["-created_at"]
    fields = ["author_name", "article", "created_at", "text", "editor_note"]
    readonly_fields = ["author_name", "article", "created_at", "text"]

    def get_queryset(self, request):
        """Only comments every reader sees: a note is for them, and an editor has no business
        with a comment that waits (its text may hold what a moderator will remove)."""
        return super().get_queryset(request).approved().filter(withdrawn_at__isnull=True)

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return truncatechars(comment.body, 80)

    @admin.display(description=_("comment"))
    def text(self, comment):
        return linebreaks(comment.body, autoescape=True)

    @admin.display(description=_("editor's note"))
    def note(self, comment):
        return truncatechars(comment.editor_note, 60)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Save the note alone, so that nothing else the editor's page loaded is written back
        over a moderator's change; the model's save gives the article's page a new version."""
        obj.save(update_fields=["editor_note"])
