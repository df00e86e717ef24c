from django import template
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from articles.models import Article, ErrorReport

register = template.Library()

# Articles named on the admin's home page; the rest are one link away, in the article list.
REVIEWS_DUE_LISTED = 10


@register.inclusion_tag("admin/articles/reviews_due_notice.html")
def reviews_due_notice():
    """The admin index's list of the published articles due a medical review, never reviewed
    first, then the longest ago."""
    due = Article.objects.published().review_due()
    return {
        "count": due.count(),
        "articles": due.order_by(F("reviewed_at").asc(nulls_first=True), "title")[
            :REVIEWS_DUE_LISTED
        ],
        "all_url": reverse("admin:articles_article_changelist")
        + "?review=due&status__exact=published",
    }


@register.simple_tag
def error_reports_notice():
    """The admin index's line saying how many readers' error reports are not yet handled,
    linking to them; nothing when none is."""
    count = ErrorReport.objects.filter(handled_at__isnull=True).count()
    if not count:
        return ""
    waiting = ngettext(
        "%(count)s report of an error in an article is not yet handled",
        "%(count)s reports of errors in articles are not yet handled",
        count,
    ) % {"count": count}
    url = reverse("admin:articles_errorreport_changelist") + "?handled=no"
    return format_html('<p class="error-reports-notice"><a href="{}">{}</a></p>', url, waiting)
