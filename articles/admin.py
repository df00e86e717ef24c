from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models
from django.template.defaultfilters import truncatechars
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import Article, ArticleChange, ErrorReport, Person, Source, Video

# Addresses typed without a scheme are taken as https:// (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class VideoInline(admin.TabularInline):
    formfield_overrides = HTTPS_URLS
    model = Video
    fields = ["key", "caption", "url", "missing_note"]
    extra = 0


class SourceInline(admin.StackedInline):
    """The article's sources, in the order readers see them numbered. Stacked, as the change
    log below: each field keeps its label (a tabular inline's cells have none, which axe
    faults)."""

    formfield_overrides = HTTPS_URLS
    model = Source
    fields = ["position", "title", "publisher", "year", "url", "doi"]
    ordering = ["position", "id"]
    extra = 0


class ArticleChangeInline(admin.StackedInline):
    """The article's change log, newest first, as readers see it under the article."""

    model = ArticleChange
    fields = ["changed_on", "description"]
    extra = 0


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("medical review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", _("Due: overdue or never reviewed")), ("current", _("Up to date"))]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.review_due()
        if self.value() == "current":
            return queryset.exclude(pk__in=Article.objects.review_due())
        return queryset


def trust_checks(article):
    """What readers are told of who stands behind the article and what it rests on, as
    (done, sentence) pairs: the article's trust checklist."""
    return [
        authors_check(article),
        reviewer_check(article),
        review_date_check(article),
        sources_check(article),
    ]


def authors_check(article):
    authors = [str(person) for person in article.authors.all()]
    if not authors:
        return False, gettext("No author is named: the page names no one.")
    return True, gettext("Written by %(names)s.") % {"names": "; ".join(authors)}


def reviewer_check(article):
    if article.reviewer is None:
        return False, gettext("No medical reviewer is named.")
    return True, gettext("Medically reviewed by %(name)s.") % {"name": article.reviewer}


def review_date_check(article):
    if article.reviewed_at is None:
        return False, gettext(
            "Never reviewed: set “Last reviewed” once a clinician has checked the text."
        )
    months = settings.ARTICLE_REVIEW_EVERY_MONTHS
    reviewed = {"date": date_format(article.reviewed_at, "DATE_FORMAT"), "months": months}
    if article.review_is_due:
        return False, ngettext(
            "Last reviewed on %(date)s: more than %(months)s month ago, so a review is due.",
            "Last reviewed on %(date)s: more than %(months)s months ago, so a review is due.",
            months,
        ) % reviewed
    return True, ngettext(
        "Last reviewed on %(date)s, within the last %(months)s month.",
        "Last reviewed on %(date)s, within the last %(months)s months.",
        months,
    ) % reviewed


def sources_check(article):
    count = article.sources.count()
    if not count:
        return False, gettext("No source is listed: add what the text rests on under “Sources”.")
    listed = ngettext("%(count)s source is listed.", "%(count)s sources are listed.", count)
    return True, listed % {"count": count}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title", "status", "published_at", "reviewed_at", "review_up_to_date", "comments_enabled",
        "updated_at",
    ]  # fmt: skip
    list_filter = ["status", ReviewDueFilter, "comments_enabled"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    # The authors as checkboxes, one labelled box per person: Django's filter_horizontal and
    # autocomplete widgets both fail axe's rules (ARIA on a tooltip, a list of non-items).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    inlines = [SourceInline, ArticleChangeInline, VideoInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "language"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "comments_enabled"]}),
        (_("Who wrote and checked it"), {"fields": ["authors", "reviewer", "reviewed_at"]}),
    ]
    readonly_fields = ["trust_checklist"]
    # Shown above the rest when changing an article: what is still missing before readers can
    # see who stands behind it.
    checklist_fieldsets = [(_("Trust checklist"), {"fields": ["trust_checklist"]})]
    # What other apps add to an article's page, through add_to_article_admin().
    extra_inlines = ()
    extra_fieldsets = ()

    @admin.display(boolean=True, description=_("review up to date"))
    def review_up_to_date(self, article):
        return not article.review_is_due

    @admin.display(description=_("checks"))
    def trust_checklist(self, article):
        return format_html(
            '<ul class="trust-checklist">{}</ul>',
            format_html_join(
                "",
                '<li><span class="trust-checklist__mark" aria-hidden="true">{}</span> {}</li>',
                (("✓" if done else "✗", sentence) for done, sentence in trust_checks(article)),
            ),
        )

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *self.extra_inlines]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*self.checklist_fieldsets, *fieldsets, *self.extra_fieldsets]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is None:
            return readonly
        return [
            *readonly,
            *(field for _title, part in self.extra_fieldsets for field in part["fields"]),
        ]


def add_to_article_admin(*, inlines=(), fieldsets=()):
    """The seam through which an app built on `articles` shows its part of an article's admin
    page, called from that app's admin module: `articles` never imports it (comments adds its
    inline and the count of comments waiting).

    `inlines` are InlineModelAdmin classes. `fieldsets` are (title, {"fields": [...]}) pairs
    shown when changing an article, whose fields are read-only: functions of the article, as
    in list_display, made with @admin.display.
    """
    ArticleAdmin.extra_inlines = (*ArticleAdmin.extra_inlines, *inlines)
    ArticleAdmin.extra_fieldsets = (*ArticleAdmin.extra_fieldsets, *fieldsets)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "credentials"]
    search_fields = ["name", "credentials", "bio"]
    fields = ["name", "credentials", "bio", "url"]


class HandledFilter(admin.SimpleListFilter):
    title = _("handled")
    parameter_name = "handled"

    def lookups(self, request, model_admin):
        return [("no", _("Not yet")), ("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() in ("no", "yes"):
            return queryset.filter(handled_at__isnull=self.value() == "no")
        return queryset


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    """Readers' reports of errors in the articles, the unhandled ones first. Readers make them
    (the article's "Report an error" form): editors read them, reply and mark them handled."""

    list_display = ["excerpt", "article", "created_at", "handled_at"]
    list_filter = [HandledFilter, "article"]
    search_fields = ["text", "email"]
    date_hierarchy = "created_at"
    # Unhandled first on every database (PostgreSQL puts NULLs last in ascending order).
    ordering = [models.F("handled_at").asc(nulls_first=True), "-created_at"]
    list_select_related = ["article"]
    # The report as the reader sent it; handled_at is set by the actions, to the moment.
    fields = ["article", "created_at", "text", "reply_to", "handled_at"]
    readonly_fields = fields
    actions = ["mark_handled", "mark_not_handled"]

    @admin.display(description=_("what is wrong"))
    def excerpt(self, report):
        return truncatechars(report.text, 120)

    @admin.display(description=_("email"))
    def reply_to(self, report):
        if not report.email:
            return gettext("None given")
        return format_html('<a href="mailto:{}">{}</a>', report.email, report.email)

    @admin.action(description=_("Mark as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = self.set_handled_at(
            request, queryset.filter(handled_at__isnull=True), timezone.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s report marked as handled.", "%(count)s reports marked as handled.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as not handled"), permissions=["change"])
    def mark_not_handled(self, request, queryset):
        count = self.set_handled_at(request, queryset.filter(handled_at__isnull=False), None)
        self.message_user(
            request,
            ngettext(
                "%(count)s report marked as not handled.",
                "%(count)s reports marked as not handled.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def set_handled_at(self, request, queryset, moment):
        """Set the reports' handled_at, recorded in the admin history; returns how many."""
        reports = list(queryset)
        ErrorReport.objects.filter(pk__in=[report.pk for report in reports]).update(
            handled_at=moment
        )
        if reports:
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=reports,
                action_flag=CHANGE,
                change_message=handled_change_message(),
            )
        return len(reports)

    def has_add_permission(self, request):
        return False


def handled_change_message():
    """The admin history's entry for reports marked handled or not, stored as Django stores a
    form's changes (field names in English, translated when shown)."""
    with translation.override(None):
        field = str(capfirst(ErrorReport._meta.get_field("handled_at").verbose_name))
    return [{"changed": {"fields": [field]}}]
