"""The poster's status page: what became of their comment, for their eyes only, at an address
no one else can make (comments/status_links.py), and the moderators' way to revoke it."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.links import poster_url
from comments.models import Comment
from comments.services import comment_set_status
from comments.status_links import status_token, status_url


@pytest.fixture
def comment(article, make_comment):
    return make_comment(article, body="Botox every twelve weeks works for me.")


def page_of(comment):
    return Client().get(status_url(comment))


def test_the_page_shows_the_comment_as_readers_see_it_under_its_article(comment):
    page = page_of(comment).text
    assert "<p>Botox every twelve weeks works for me.</p>" in page
    assert f'<a href="{comment.article.get_absolute_url()}">{comment.article.title}</a>' in page
    assert "Pat Reader" in page


def test_a_published_comment_says_so_and_links_to_its_place_on_the_page(comment):
    page = page_of(comment).text
    assert "Published." in page
    assert f'href="{comment.get_absolute_url()}"' in page


def test_a_waiting_comment_says_it_waits_for_a_moderator(article, make_comment):
    comment = make_comment(article, status=Comment.Status.PENDING)
    assert "Waiting for a moderator." in page_of(comment).text


def test_spam_no_moderator_marked_reads_as_waiting_so_a_bot_learns_nothing(article, make_comment):
    comment = make_comment(article, status=Comment.Status.SPAM, status_reason="Blocked word.")
    page = page_of(comment).text
    assert "Waiting for a moderator." in page
    assert "Blocked word." not in page


def test_spam_marked_by_a_moderator_reads_as_not_published_without_the_reason(comment, moderator):
    comment_set_status(Comment.objects.filter(pk=comment.pk), status="spam", by=moderator)
    Comment.objects.filter(pk=comment.pk).update(status_reason="Advertises a clinic.")
    page = page_of(comment).text
    assert "A moderator decided not to publish it." in page
    assert "Advertises a clinic." not in page


def test_a_removed_comment_reads_as_not_published(comment, moderator):
    comment_set_status(Comment.objects.filter(pk=comment.pk), status="removed", by=moderator)
    assert "A moderator decided not to publish it." in page_of(comment).text


def test_the_page_is_private_unindexed_and_leaks_no_referrer(comment):
    response = page_of(comment)
    assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex">' in response.text
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(
    "address",
    [
        "/comments/{pk}/status/{token}x/",  # tampered
        "/comments/{pk}/status/{other}/",  # another comment's token
        "/comments/{pk}/status/-/",
        "/comments/999999/status/{token}/",  # unknown comment
        "/comments/99999999999999999999999/status/{token}/",  # beyond any id
        "/comments/x{pk}/status/{token}/",  # not a number
    ],
)
def test_a_link_that_is_not_the_comments_answers_the_sites_404_page(
    comment, article, make_comment, address
):
    other = status_token(make_comment(article))
    url = address.format(pk=comment.pk, token=status_token(comment), other=other)
    response = Client().get(url)
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_a_done_message_from_the_address_is_shown_and_an_unknown_one_ignored(comment):
    assert "Your changes are saved." in Client().get(f"{status_url(comment)}?done=edited").text
    page = Client().get(f"{status_url(comment)}?done=<b>hacked</b>").text
    assert "<b>hacked</b>" not in page
    assert 'role="status"' not in page


@pytest.mark.parametrize("action", ["anonymise", "withdraw"])
def test_each_confirmation_page_asks_before_acting_and_offers_to_cancel(comment, action):
    response = Client().get(f"{status_url(comment)}{action}/")
    assert response.status_code == 200
    assert f"Yes, {action} my comment" in response.text
    assert f'href="{status_url(comment)}">Cancel</a>' in response.text
    assert response["Referrer-Policy"] == "no-referrer"
    comment.refresh_from_db()
    assert (comment.author_name, comment.withdrawn_at) == ("Pat Reader", None)


def test_a_post_from_another_site_is_refused_and_changes_nothing(comment):
    response = Client().post(
        f"{status_url(comment)}withdraw/", headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.withdrawn_at is None


def test_the_posters_private_view_of_the_article_gives_the_status_link(
    client, article, make_comment
):
    comment = make_comment(article, status=Comment.Status.PENDING)
    page = client.get(poster_url(comment)).text
    assert "Keep this private link" in page
    assert f'href="{status_url(comment)}"' in page


def test_the_public_page_gives_no_status_link(client, comment):
    page = client.get(comment.article.get_absolute_url()).text
    assert "/status/" not in page
    assert "Keep this private link" not in page


# The moderators' side


def revoke(client, comment):
    return client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "revoke_status_links", "_selected_action": [comment.pk]},
        follow=True,
    )


def test_a_revoked_link_answers_404_from_then_on(moderator_client, comment):
    old_link = status_url(comment)
    response = revoke(moderator_client, comment)
    assert "1 status link revoked." in response.text
    assert Client().get(old_link).status_code == 404
    comment.refresh_from_db()
    assert status_url(comment) == ""


def test_the_comments_admin_page_lists_the_earlier_versions(moderator_client, comment):
    comment.revisions.create(body="My first words, replaced.", status="approved")
    page = moderator_client.get(comment.get_admin_url()).text
    assert "earlier versions" in page.lower()
    assert "My first words, replaced." in page


def test_the_comment_list_marks_edited_and_withdrawn_comments(
    moderator_client, article, make_comment
):
    make_comment(article, body="Changed my mind.", edited_at=timezone.now())
    make_comment(article, body="", withdrawn_at=timezone.now())
    page = moderator_client.get(reverse("admin:comments_comment_changelist")).text
    assert "Changed my mind. (edited)" in page
    assert "(withdrawn by its author)" in page


def test_a_moderator_can_still_change_an_edited_comment_on_its_admin_page(
    moderator_client, comment
):
    comment.revisions.create(body="My first words, replaced.", status="approved")
    url = comment.get_admin_url()
    context = moderator_client.get(url).context
    form = context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "parent"}
    management = context["inline_admin_formsets"][0].formset.management_form
    data.update({management.add_prefix(name): value for name, value in management.initial.items()})
    moderator_client.post(url, {**data, "status": "removed"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
