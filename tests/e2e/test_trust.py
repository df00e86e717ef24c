"""An editor names the clinician who reviewed the article and adds a source in the admin; a
reader sees both on the article, reports an error in it, and the editor finds the report in the
admin."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles import error_report_views

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REVIEWER = "Ana Ruiz"
SOURCE = "Hemifacial spasm: a review of treatment"
ERROR = "The article says the injections last a year; they last three to four months."


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "editor", password="a-long-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture(autouse=True)
def quick_reader(monkeypatch):
    """A browser fills the form in faster than a person reads it."""
    monkeypatch.setattr(error_report_views, "MIN_SECONDS", 0)


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Log in").click()


def test_editor_adds_a_reviewer_and_a_source_a_reader_reports_an_error_the_editor_sees_it(
    page, new_context, live_server, article_url, editor
):
    admin = new_context().new_page()
    sign_in(admin, live_server)
    admin.get_by_role("link", name="People").click()
    admin.get_by_role("link", name="Add person").click()
    admin.get_by_label("Name").fill(REVIEWER)
    admin.get_by_label("Credentials").fill("MD, neurologist")
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("was added successfully")

    admin.goto(f"{live_server.url}/admin/articles/article/")
    admin.get_by_role("link", name="Hemifacial Spasm", exact=True).click()
    admin.get_by_label("Medically reviewed by").select_option(label=f"{REVIEWER}, MD, neurologist")
    admin.get_by_label("Last reviewed").fill("2026-11-02")
    admin.locator("#sources-group").get_by_role("button", name="Add another Source").click()
    admin.locator('[name="sources-0-title"]').fill(SOURCE)
    admin.locator('[name="sources-0-publisher"]').fill("Neurology")
    admin.locator('[name="sources-0-year"]').fill("2024")
    admin.locator('[name="sources-0-doi"]').fill("10.1212/WNL.0000000000001234")
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(article_url)
    expect(page.locator(".article__byline")).to_contain_text(
        f"Medically reviewed by {REVIEWER}, MD, neurologist"
    )
    sources = page.get_by_role("region", name="Sources")
    expect(sources.get_by_role("link", name=SOURCE)).to_have_attribute(
        "href", "https://doi.org/10.1212/WNL.0000000000001234"
    )

    page.get_by_role("link", name="Report an error in this article").click()
    expect(page.get_by_role("heading", name="Report an error")).to_be_visible()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Please say what is wrong.")).to_be_visible()
    page.get_by_label("What is wrong?").fill(ERROR)
    page.get_by_label("Your email (optional)").fill("reader@example.org")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("status")).to_have_text("Thank you: the editors will read your report.")
    page.get_by_role("link", name="Back to “Hemifacial Spasm”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hemifacial Spasm")

    admin.goto(f"{live_server.url}/admin/")
    admin.get_by_role("link", name="Error reports").first.click()
    report = admin.get_by_role("row", name=ERROR[:40], exact=False)
    expect(report).to_contain_text("Hemifacial Spasm")
    report.get_by_role("link").first.click()
    expect(admin.get_by_role("link", name="reader@example.org")).to_have_attribute(
        "href", "mailto:reader@example.org"
    )
