"""A reader reports a comment without JavaScript and is thanked; an editor adds a note under a
comment in the admin, and readers see it."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from comments.models import CommentReport

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOTE = "Treatments have changed since 2010; see the article's section on surgery."


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "editor", password="a-long-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_reader_reports_a_comment_without_javascript_and_is_thanked(new_context, article_url):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(article_url)
    shirley = page.locator(".comment", has_text="I have lived with hemifacial spasm").first
    expect(shirley).to_contain_text("Written in 2010")
    shirley.get_by_role("link", name="Report the comment by Shirley").click()

    expect(page.get_by_role("heading", name="Report a comment")).to_be_visible()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Choose what is wrong with the comment.")).to_be_visible()

    page.get_by_role("group", name="What is wrong with it?").get_by_label(
        "Dangerous or false medical advice"
    ).check()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("status")).to_have_text("Thank you: a moderator will look at it.")
    assert CommentReport.objects.get().reason == "dangerous"

    page.get_by_role("link", name="Back to “Hemifacial Spasm”").click()
    expect(page.locator(".comment", has_text="I have lived with hemifacial spasm")).to_be_visible()


def test_editor_adds_a_note_in_the_admin_and_readers_see_it(
    page, new_context, live_server, article_url, editor
):
    page.goto(article_url)
    expect(page.locator(".editor-note", has_text=NOTE)).to_have_count(0)

    admin = new_context().new_page()
    admin.goto(f"{live_server.url}/admin/")
    admin.get_by_label("Username").fill("editor")
    admin.get_by_label("Password").fill("a-long-password")
    admin.get_by_role("button", name="Log in").click()
    admin.get_by_role("link", name="Editors' notes on comments").click()
    admin.get_by_role("link", name="I have lived with hemifacial spasm", exact=False).click()
    admin.get_by_label("Editor's note").fill(NOTE)
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")

    page.reload()
    note = page.locator(".comment", has_text="I have lived with hemifacial spasm").locator(
        ".editor-note"
    )
    expect(note.first).to_have_text(f"Editor's note: {NOTE}")
