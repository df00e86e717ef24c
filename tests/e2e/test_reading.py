"""A reader finds the article from the home page and reads what others wrote."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEED_AUTHORS = ["Tracy Perkins", "Shirley", "dave"]


def test_reader_follows_the_article_from_home_and_reads_the_three_seed_comments(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("main").get_by_role("link", name="Hemifacial Spasm").click()

    expect(page).to_have_url(f"{live_server.url}/articles/hemifacial-spasm/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hemifacial Spasm")
    comments = page.locator("#comments")
    expect(comments.get_by_role("heading", name="3 comments")).to_be_visible()
    for author in SEED_AUTHORS:
        expect(comments.get_by_text(author, exact=True)).to_be_visible()
    expect(comments.get_by_text("I have lived with hemifacial spasm for over")).to_be_visible()
