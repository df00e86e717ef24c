"""Editors keep who wrote and reviewed an article, its sources and its change log in the admin;
the article's page there shows its trust checklist, the article list filters the articles due
a medical review, the admin's home page lists them, and readers' error reports wait there for
an editor to handle them."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article, ArticleChange, ErrorReport, Person, Source, review_due_before
from tests.comments.test_admin import form_data

ARTICLES = "/admin/articles/article/"
REPORTS = "/admin/articles/errorreport/"


@pytest.fixture
def editor(member_of):
    return member_of("Editors")


@pytest.fixture
def admin_page(admin_client):
    def get(article):
        return admin_client.get(f"{ARTICLES}{article.pk}/change/").text

    return get


def months_ago(months, *, days=0):
    """The date `months` months (of 31 days, to stay clear of month ends) and `days` ago."""
    return timezone.localdate() - datetime.timedelta(days=31 * months + days)


def checklist(page):
    """The trust checklist's items as they read, marks included."""
    start = page.index('<ul class="trust-checklist">')
    items = page[start : page.index("</ul>", start)].split("<li>")[1:]
    return [
        " ".join(item.replace('<span class="trust-checklist__mark" aria-hidden="true">', "")
                 .replace("</span>", "").replace("</li>", "").split())
        for item in items
    ]  # fmt: skip


@pytest.fixture
def doctor(db):
    return Person.objects.create(name="Ana Ruiz", credentials="MD, neurologist")


@pytest.fixture
def trusted_article(make_article, doctor):
    """An article with everything its checklist asks for."""
    article = make_article(reviewer=doctor, reviewed_at=months_ago(1))
    article.authors.add(doctor)
    Source.objects.create(article=article, title="Hemifacial spasm: a review", year=2024)
    return article


# The rule: when a review is due


def test_review_counts_for_the_configured_number_of_months(settings, make_article):
    settings.ARTICLE_REVIEW_EVERY_MONTHS = 12
    recent = make_article(reviewed_at=months_ago(11))
    old = make_article(reviewed_at=months_ago(13))
    never = make_article()
    assert set(Article.objects.filter(pk__in=[recent.pk, old.pk, never.pk]).review_due()) == {
        old,
        never,
    }
    assert (recent.review_is_due, old.review_is_due, never.review_is_due) == (False, True, True)


def test_a_shorter_review_interval_makes_a_recent_review_due(settings, make_article):
    settings.ARTICLE_REVIEW_EVERY_MONTHS = 3
    article = make_article(reviewed_at=months_ago(4))
    assert article.review_is_due
    assert Article.objects.review_due().filter(pk=article.pk).exists()


def test_a_review_made_exactly_the_interval_ago_still_counts(settings, monkeypatch, make_article):
    settings.ARTICLE_REVIEW_EVERY_MONTHS = 12
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 11, 30))
    assert not make_article(reviewed_at=datetime.date(2025, 11, 30)).review_is_due
    assert make_article(reviewed_at=datetime.date(2025, 11, 29)).review_is_due


def test_review_interval_ending_in_a_shorter_month_ends_on_its_last_day(settings, monkeypatch):
    settings.ARTICLE_REVIEW_EVERY_MONTHS = 1
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 3, 31))
    assert review_due_before() == datetime.date(2026, 2, 28)


# An article's admin page


def test_checklist_of_an_article_naming_no_one_lists_what_is_missing(admin_page, article):
    assert checklist(admin_page(article)) == [
        "✗ No author is named: the page names no one.",
        "✗ No medical reviewer is named.",
        "✗ Never reviewed: set “Last reviewed” once a clinician has checked the text.",
        "✗ No source is listed: add what the text rests on under “Sources”.",
    ]


def test_checklist_of_a_reviewed_article_with_sources_is_all_ticked(
    settings, admin_page, trusted_article
):
    settings.ARTICLE_REVIEW_EVERY_MONTHS = 12
    trusted_article.authors.add(Person.objects.create(name="Ben Okafor", credentials="RN"))
    reviewed = date_format(trusted_article.reviewed_at, "DATE_FORMAT")
    assert checklist(admin_page(trusted_article)) == [
        "✓ Written by Ana Ruiz, MD, neurologist; Ben Okafor, RN.",
        "✓ Medically reviewed by Ana Ruiz, MD, neurologist.",
        f"✓ Last reviewed on {reviewed}, within the last 12 months.",
        "✓ 1 source is listed.",
    ]


def test_checklist_says_when_the_last_review_is_too_old(settings, admin_page, trusted_article):
    settings.ARTICLE_REVIEW_EVERY_MONTHS = 6
    Article.objects.filter(pk=trusted_article.pk).update(reviewed_at=months_ago(7))
    items = checklist(admin_page(trusted_article))
    assert items[2].startswith("✗ Last reviewed on ")
    assert items[2].endswith("more than 6 months ago, so a review is due.")


def test_checklist_is_not_on_the_page_adding_an_article(admin_client, doctor):
    page = admin_client.get(f"{ARTICLES}add/").text
    assert "trust-checklist" not in page
    assert f'type="checkbox" name="authors" value="{doctor.pk}"' in page
    assert 'name="reviewer"' in page


def test_sources_are_listed_in_their_order(admin_page, article):
    Source.objects.create(article=article, position=2, title="Second source")
    Source.objects.create(article=article, position=1, title="First source")
    page = admin_page(article)
    assert page.index('value="First source"') < page.index('value="Second source"')


def test_editor_names_a_reviewer_and_adds_a_source_and_a_change(
    editor, admin_client, article, doctor
):
    data = form_data(
        admin_client.get(f"{ARTICLES}{article.pk}/change/").text, form_id="article_form"
    )
    data.update(
        {
            "authors": [str(doctor.pk)],
            "reviewer": str(doctor.pk),
            "reviewed_at": "2026-01-15",
            "sources-TOTAL_FORMS": "1",
            "sources-0-position": "1",
            "sources-0-title": "Botulinum toxin for hemifacial spasm",
            "sources-0-publisher": "Cochrane",
            "sources-0-year": "2020",
            "sources-0-url": "",
            "sources-0-doi": "10.1002/14651858.CD004899",
            "changes-TOTAL_FORMS": "1",
            "changes-0-changed_on": "2026-01-15",
            "changes-0-description": "Added the section on botulinum toxin.",
        }
    )
    version = article.page_version
    response = editor.post(f"{ARTICLES}{article.pk}/change/", data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.reviewer == doctor
    assert list(article.authors.all()) == [doctor]
    assert article.reviewed_at == datetime.date(2026, 1, 15)
    assert Source.objects.get(article=article).link == "https://doi.org/10.1002/14651858.CD004899"
    assert ArticleChange.objects.get(article=article).description == (
        "Added the section on botulinum toxin."
    )
    assert article.page_version != version


def test_article_page_runs_the_same_queries_for_many_sources_and_authors(
    admin_client, trusted_article, django_assert_max_num_queries
):
    """Sources, people and the checklist are each read once, not once per row."""
    url = f"{ARTICLES}{trusted_article.pk}/change/"
    with django_assert_max_num_queries(60) as few:
        admin_client.get(url)
    for number in range(5):
        Source.objects.create(article=trusted_article, position=number, title=f"Source {number}")
        trusted_article.authors.add(Person.objects.create(name=f"Author {number}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(url)


def test_an_article_with_many_sources_and_comments_can_be_saved(
    admin_client, article, make_comment
):
    """Everything the page posts is read: its comments, sources and their empty rows."""
    for number in range(50):
        make_comment(article, body=f"Comment {number}.")
    Source.objects.bulk_create(
        Source(article=article, position=number, title=f"Source {number}") for number in range(40)
    )
    url = f"{ARTICLES}{article.pk}/change/"
    data = form_data(admin_client.get(url).text, form_id="article_form")
    data["sources-39-title"] = "The last source, retitled"
    assert admin_client.post(url, data).status_code == 302
    assert article.sources.filter(title="The last source, retitled").exists()


# The article list


def test_review_filter_lists_the_articles_due_a_review(make_article, admin_client):
    make_article(title="Reviewed lately", reviewed_at=months_ago(1))
    make_article(title="Reviewed long ago", reviewed_at=months_ago(30))
    make_article(title="Never looked at")
    due = admin_client.get(ARTICLES, {"review": "due"}).text
    current = admin_client.get(ARTICLES, {"review": "current"}).text
    assert "Reviewed long ago" in due and "Never looked at" in due
    assert "Reviewed lately" not in due
    assert "Reviewed lately" in current
    assert "Reviewed long ago" not in current and "Never looked at" not in current


# The admin's home page


def test_home_page_lists_published_articles_due_a_review(make_article, editor):
    make_article(title="Reviewed lately", reviewed_at=months_ago(1))
    old = make_article(title="Reviewed long ago", reviewed_at=datetime.date(2020, 2, 3))
    make_article(title="A draft", status=Article.Status.DRAFT)
    page = editor.get("/admin/").text
    notice = page[page.index('<div class="reviews-due-notice">') :]
    notice = notice[: notice.index("</div>")]
    assert f'href="{ARTICLES}{old.pk}/change/">Reviewed long ago</a>' in notice
    assert f"(last reviewed on {date_format(old.reviewed_at, 'DATE_FORMAT')})" in notice
    assert "Hemifacial Spasm" in notice and "(never reviewed)" in notice  # the seed article
    assert "Reviewed lately" not in notice
    assert "A draft" not in notice


def test_home_page_links_to_the_rest_when_many_articles_are_due(make_article, editor):
    for number in range(12):
        make_article(title=f"Unreviewed {number}")
    page = editor.get("/admin/").text
    assert "13 published articles are due a medical review:" in page
    assert page.count("(never reviewed)") == 10
    assert f'href="{ARTICLES}?review=due&amp;status__exact=published"' in page


def test_home_page_names_no_article_when_all_are_reviewed(seed_article, editor):
    Article.objects.update(reviewed_at=timezone.localdate())
    assert "reviews-due-notice" not in editor.get("/admin/").text


def test_moderators_are_not_shown_articles_due_a_review(member_of, seed_article):
    page = member_of("Moderators").get("/admin/").text
    assert "reviews-due-notice" not in page
    assert "error-reports-notice" not in page


# Readers' error reports


@pytest.fixture
def make_report(seed_article):
    def make(text="The dose in the third paragraph is wrong.", **fields):
        return ErrorReport.objects.create(article=seed_article, text=text, **fields)

    return make


def test_home_page_counts_the_reports_not_yet_handled(make_report, editor):
    make_report()
    make_report(handled_at=timezone.now())
    page = editor.get("/admin/").text
    assert (
        f'<a href="{REPORTS}?handled=no">1 report of an error in an article is not yet handled</a>'
        in page
    )


def test_home_page_says_nothing_of_reports_when_all_are_handled(make_report, editor):
    make_report(handled_at=timezone.now())
    assert "error-reports-notice" not in editor.get("/admin/").text


def test_report_list_shows_the_unhandled_reports_first(make_report, editor):
    make_report("Handled long ago.", handled_at=timezone.now() - datetime.timedelta(days=9))
    make_report("Older and open.", created_at=timezone.now() - datetime.timedelta(days=5))
    make_report("Handled lately.", handled_at=timezone.now())
    make_report("Newest and open.")
    page = editor.get(REPORTS).text
    order = ["Newest and open.", "Older and open.", "Handled long ago.", "Handled lately."]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)


def test_report_list_filters_the_unhandled_reports(make_report, editor):
    make_report("Still open.")
    make_report("Dealt with.", handled_at=timezone.now())
    page = editor.get(REPORTS, {"handled": "no"}).text
    assert "Still open." in page and "Dealt with." not in page


def test_mark_as_handled_closes_the_open_reports_and_records_who(make_report, editor):
    open_report = make_report()
    handled_on = timezone.now() - datetime.timedelta(days=3)
    handled = make_report(handled_at=handled_on)
    response = editor.post(
        REPORTS,
        {"action": "mark_handled", "_selected_action": [open_report.pk, handled.pk]},
        follow=True,
    )
    assert "1 report marked as handled." in response.text
    open_report.refresh_from_db()
    handled.refresh_from_db()
    assert open_report.handled_at is not None
    assert handled.handled_at == handled_on
    entry = LogEntry.objects.get(object_id=str(open_report.pk))
    assert entry.user.username == "editors"
    assert entry.get_change_message() == "Changed Handled at."


def test_mark_as_not_handled_opens_handled_reports_again(make_report, editor):
    report = make_report(handled_at=timezone.now())
    response = editor.post(
        REPORTS, {"action": "mark_not_handled", "_selected_action": [report.pk]}, follow=True
    )
    assert "1 report marked as not handled." in response.text
    report.refresh_from_db()
    assert report.handled_at is None


def test_report_page_shows_the_report_read_only_with_a_reply_link(make_report, editor):
    report = make_report(email="reader@example.com")
    page = editor.get(f"{REPORTS}{report.pk}/change/").text
    assert '<a href="mailto:reader@example.com">reader@example.com</a>' in page
    assert "The dose in the third paragraph is wrong." in page
    assert 'name="text"' not in page and 'name="handled_at_0"' not in page


def test_editors_cannot_add_a_report(editor, db):
    assert editor.get(f"{REPORTS}add/").status_code == 403


def test_moderators_cannot_open_the_reports(member_of, db):
    assert member_of("Moderators").get(REPORTS).status_code == 403


def test_report_list_runs_the_same_queries_for_many_reports(
    make_report, make_article, editor, django_assert_max_num_queries
):
    """The article of each row comes with the reports (list_select_related), not one by one."""
    make_report()
    with django_assert_max_num_queries(20) as one:
        editor.get(REPORTS)
    for number in range(5):
        ErrorReport.objects.create(article=make_article(), text=f"Report {number}.")
    with django_assert_max_num_queries(len(one.captured_queries)):
        editor.get(REPORTS)


# People


def test_people_are_found_by_name_or_credentials(editor, doctor):
    Person.objects.create(name="Ben Okafor", credentials="RN")
    page = editor.get("/admin/articles/person/", {"q": "neurologist"}).text
    assert "Ana Ruiz" in page and "Ben Okafor" not in page


def test_editor_adds_a_person(editor, db):
    response = editor.post(
        "/admin/articles/person/add/",
        {"name": "Ana Ruiz", "credentials": "MD", "bio": "", "url": "clinic.example/ana"},
    )
    assert response.status_code == 302
    assert Person.objects.get().url == "https://clinic.example/ana"
