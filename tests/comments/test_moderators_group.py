"""The "Moderators" group holds exactly what moderating needs, and a member who is not a
superuser can do all of the moderation work but cannot touch user accounts or the articles.
The "Editors" group edits articles, their videos, people, sources and change logs, handles readers'
reports of errors, and touches no comment."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Article
from comments.models import BlockedTerm, Comment
from tests.comments.test_admin import form_data

CHANGELIST = "/admin/comments/comment/"


@pytest.fixture
def group_moderator(member_of):
    return member_of("Moderators")


@pytest.fixture
def editor(member_of):
    return member_of("Editors")


def article_change_data(client, article):
    """The article's admin form as shown to a superuser, ready to post."""
    return form_data(
        client.get(f"/admin/articles/article/{article.pk}/change/").text, form_id="article_form"
    )


def test_moderators_group_has_exactly_the_moderation_permissions(db):
    permissions = Group.objects.get(name="Moderators").permissions.values_list(
        "content_type__app_label", "codename"
    )
    assert sorted(permissions) == [
        ("articles", "view_article"),
        ("comments", "add_blockedterm"),
        ("comments", "change_blockedterm"),
        ("comments", "change_comment"),
        ("comments", "delete_blockedterm"),
        ("comments", "delete_comment"),
        ("comments", "delete_commentreport"),
        ("comments", "view_blockedterm"),
        ("comments", "view_comment"),
        ("comments", "view_commentnote"),
        ("comments", "view_commentreport"),
    ]


def test_group_moderator_can_approve_comments(group_moderator, article, make_comment):
    comment = make_comment(article, status=Comment.Status.PENDING)
    group_moderator.post(CHANGELIST, {"action": "make_approved", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_group_moderator_can_reply_as_the_site(group_moderator, article, make_comment):
    parent = make_comment(article)
    group_moderator.post(
        f"{CHANGELIST}{parent.pk}/reply/", {"author_name": "Site team", "body": "Thank you."}
    )
    assert Comment.objects.filter(parent=parent, is_site_reply=True).exists()


def test_group_moderator_can_block_terms(group_moderator, db):
    group_moderator.post(
        "/admin/comments/blockedterm/add/", {"kind": "word", "value": "casino", "note": ""}
    )
    assert BlockedTerm.objects.filter(value="casino").exists()


def test_group_moderator_sees_an_articles_comments(group_moderator, article, make_comment):
    make_comment(article, body="Inline comment text.")
    page = group_moderator.get(f"/admin/articles/article/{article.pk}/change/")
    assert page.status_code == 200
    assert "Inline comment text." in page.text
    assert 'name="_save"' not in page.text  # read-only: nothing to save


def test_group_moderator_cannot_change_the_article(
    group_moderator, admin_client, article, make_comment
):
    make_comment(article)
    data = article_change_data(admin_client, article)
    data["body"] = "Rewritten by a moderator."
    response = group_moderator.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.body == "Some text."


@pytest.mark.parametrize(
    "url",
    [
        "/admin/auth/user/",
        "/admin/auth/group/",
        "/admin/articles/article/add/",
    ],
)
def test_group_moderator_cannot_manage_users_groups_or_add_articles(group_moderator, url):
    assert group_moderator.get(url).status_code == 403


def test_group_moderator_cannot_delete_an_article(group_moderator, article):
    url = f"/admin/articles/article/{article.pk}/delete/"
    assert group_moderator.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


# Editors


def test_editors_group_has_exactly_the_editors_permissions(db):
    permissions = Group.objects.get(name="Editors").permissions.values_list(
        "content_type__app_label", "codename"
    )
    assert sorted(permissions) == sorted(
        [
            ("articles", f"{action}_{model}")
            for action in ["add", "change", "delete", "view"]
            for model in ["article", "video", "person", "source", "articlechange"]
        ]
        # Readers make the reports of errors; editors read and handle them.
        + [("articles", f"{action}_errorreport") for action in ["change", "delete", "view"]]
        # The notes under comments and the crisis help text are editors' words too.
        + [("comments", f"{action}_commentnote") for action in ["change", "view"]]
        + [("comments", f"{action}_crisishelp") for action in ["add", "change", "view"]]
        # The old addresses of an imported site lead to the editors' articles.
        + [("redirects", f"{action}_redirect") for action in ["add", "change", "delete", "view"]]
    )


def test_editor_can_edit_an_article(editor, admin_client, article):
    data = article_change_data(admin_client, article)
    data["body"] = "Reviewed and rewritten."
    response = editor.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Reviewed and rewritten."


def test_editor_can_add_an_article(editor, db):
    assert editor.get("/admin/articles/article/add/").status_code == 200


def test_editor_does_not_see_the_comments_on_an_article_page(editor, article, make_comment):
    make_comment(article, body="Inline comment text.")
    page = editor.get(f"/admin/articles/article/{article.pk}/change/")
    assert page.status_code == 200
    assert "Inline comment text." not in page.text


@pytest.mark.parametrize("url", [CHANGELIST, "/admin/comments/blockedterm/", "/admin/auth/user/"])
def test_editor_cannot_open_comments_blocked_terms_or_users(editor, url, db):
    assert editor.get(url).status_code == 403


def test_editor_cannot_change_comments(editor, article, make_comment):
    comment = make_comment(article, status=Comment.Status.PENDING)
    editor.post(CHANGELIST, {"action": "make_approved", "_selected_action": [comment.pk]})
    assert editor.get(f"{CHANGELIST}{comment.pk}/change/").status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
