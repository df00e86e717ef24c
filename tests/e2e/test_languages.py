"""Readers in their own language: a Spanish reader comments in Spanish, an English moderator
approves it, English readers find it marked as Spanish, and the switcher at the foot of every
page changes the language without JavaScript.

The Spanish words below are the site's own translations (locale/es/LC_MESSAGES/django.po):
a missing one leaves the English word on the page and fails the journey.
"""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.pages import comment_form, field

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STORY = "Tengo el espasmo en el ojo derecho desde marzo. El bótox cada tres meses me ayuda."
SPANISH = {
    "name": "Nombre",
    "email": "Correo electrónico",
    "comment": "Comentario",
    "written in": "Escrito en",
    "post": "Publicar comentario",
    "awaiting": "Su comentario está pendiente de moderación.",
    "comments": "3 comentarios",
}


def test_spanish_reader_comments_in_spanish_and_english_moderator_approves_it(
    new_context, live_server, article_url, moderator
):
    reader = new_context(locale="es-ES").new_page()
    reader.goto(article_url)
    expect(reader.locator("html")).to_have_attribute("lang", "es")
    expect(reader.locator(".article__body")).to_have_attribute("lang", "en")  # the article's own
    expect(reader.get_by_role("heading", name=SPANISH["comments"])).to_be_visible()

    form = comment_form(reader)
    written_in = field(form, SPANISH["written in"])
    expect(written_in).to_have_value("es")
    expect(written_in.locator("option:checked")).to_have_text("Español")
    field(form, SPANISH["name"]).fill("María")
    field(form, SPANISH["email"]).fill("maria@example.com")
    field(form, SPANISH["comment"]).fill(STORY)
    form.get_by_role("button", name=SPANISH["post"]).click()

    posted = reader.locator(".comment", has_text=STORY)
    expect(posted).to_contain_text(SPANISH["awaiting"])
    assert Comment.objects.get(body=STORY).language == "es"

    admin = new_context(locale="en-US").new_page()
    admin.goto(f"{live_server.url}/admin/")
    admin.get_by_label("Username").fill(moderator.username)
    admin.get_by_label("Password").fill("a-long-password")
    admin.get_by_role("button", name="Log in").click()
    admin.goto(f"{live_server.url}/admin/comments/comment/")
    admin.locator("#changelist-filter").get_by_role("link", name=re.compile(r"^Pending\b")).click()
    admin.locator("#result_list tbody tr").filter(has_text="Tengo el espasmo").get_by_role(
        "checkbox"
    ).check()
    admin.locator("select[name=action]").select_option(label="Approve")
    admin.get_by_role("button", name="Go").click()
    expect(admin.get_by_text("1 comment approved.")).to_be_visible()

    english_reader = new_context(locale="en-US").new_page()
    english_reader.goto(article_url)
    expect(english_reader.locator("html")).to_have_attribute("lang", "en")
    expect(english_reader.get_by_role("heading", name="4 comments")).to_be_visible()
    published = english_reader.locator(".comment", has_text=STORY)
    expect(published).not_to_contain_text("awaiting moderation")
    expect(published.locator(".comment__body")).to_have_attribute("lang", "es")
    english_reader.goto(f"{live_server.url}/search/?q=espasmo")
    found = english_reader.locator(".result__excerpt", has_text="ojo derecho")
    expect(found).to_have_attribute("lang", "es")


def test_footer_switcher_changes_the_language_without_javascript_and_keeps_the_page(
    new_context, settings, article_url
):
    settings.COMMENTS_PER_PAGE = 2  # the three seed comments fill page 1 and start page 2
    page = new_context(locale="en-US", java_script_enabled=False).new_page()
    page.goto(f"{article_url}?page=2")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("contentinfo").get_by_role("button", name="Español").click()

    expect(page).to_have_url(f"{article_url}?page=2")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name=SPANISH["comments"])).to_be_visible()

    page.get_by_role("contentinfo").get_by_role("button", name="English").click()

    expect(page).to_have_url(f"{article_url}?page=2")
    expect(page.locator("html")).to_have_attribute("lang", "en")
