"""A reader leaves a comment: it waits for a moderator, and only its author sees it meanwhile."""

import http.server
import re
import threading

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.pages import comment_form, field, post_comment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STORY = "My right eye has twitched since March. Botox every three months helps."


def test_commenter_sees_their_comment_awaiting_moderation_and_others_do_not(
    page, other_reader, article_url
):
    page.goto(article_url)
    post_comment(page, body=STORY)

    expect(page).to_have_url(
        re.compile(r"/articles/hemifacial-spasm/\?unapproved=\d+&moderation-hash=\w+#comment-\d+$")
    )
    posted = page.locator(".comment", has_text=STORY)
    expect(posted).to_be_visible()
    expect(posted).to_contain_text("awaiting moderation")

    other_reader.goto(article_url)
    expect(other_reader.get_by_role("heading", name="3 comments")).to_be_visible()
    expect(other_reader.get_by_text(STORY)).to_have_count(0)


def test_a_missing_field_is_reported_beside_it_and_the_text_is_kept(page, article_url):
    page.goto(article_url)
    post_comment(page, body=STORY, email="")

    form = comment_form(page)
    email = field(form, "Email")
    error = form.get_by_text("Please enter your email address")
    expect(error).to_be_visible()
    expect(field(form, "Comment")).to_have_value(STORY)
    expect(field(form, "Name")).to_have_value("Maria")
    # "Beside the field": the message sits right under the email box, before the next field.
    field_box, error_box = email.bounding_box(), error.bounding_box()
    gap = error_box["y"] - (field_box["y"] + field_box["height"])
    assert 0 <= gap < 40, (field_box, error_box)
    assert error_box["y"] < field(form, "Website").bounding_box()["y"]
    expect(page.locator(".comment", has_text=STORY)).to_have_count(0)  # nothing was posted


@pytest.fixture
def other_site(live_server):
    """Another website (localhost, another port: another origin and site than the live
    server's 127.0.0.1) whose page holds a form posting a comment to this site."""
    post_url = f"{live_server.url}/articles/hemifacial-spasm/comments/"
    html = (
        f'<!doctype html><title>Win a prize</title><form method="post" action="{post_url}">'
        '<input name="author_name" value="Spammer"><input name="author_email" '
        'value="spam@example.com"><input name="body" value="Buy pills">'
        '<button type="submit">Claim</button></form>'
    ).encode()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_form_on_another_site_cannot_post_a_comment(page, other_site):
    page.goto(other_site)
    page.get_by_role("button", name="Claim").click()
    expect(page.get_by_role("heading", name="Your comment was not posted")).to_be_visible()
    assert not Comment.objects.filter(author_name="Spammer").exists()
