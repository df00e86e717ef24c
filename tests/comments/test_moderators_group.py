"""The "Moderators" group holds exactly what moderating needs, and a member who is not a
superuser can do all of the moderation work but cannot touch user accounts."""

import pytest
from django.contrib.auth.models import Group

from comments.models import BlockedTerm, Comment

CHANGELIST = "/admin/comments/comment/"


@pytest.fixture
def group_moderator(client, django_user_model):
    user = django_user_model.objects.create_user("grace", "grace@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    return client


def test_moderators_group_has_exactly_the_moderation_permissions(db):
    permissions = Group.objects.get(name="Moderators").permissions.values_list(
        "content_type__app_label", "codename"
    )
    assert sorted(permissions) == [
        ("articles", "change_article"),
        ("articles", "view_article"),
        ("comments", "add_blockedterm"),
        ("comments", "change_blockedterm"),
        ("comments", "change_comment"),
        ("comments", "delete_blockedterm"),
        ("comments", "delete_comment"),
        ("comments", "view_blockedterm"),
        ("comments", "view_comment"),
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


@pytest.mark.parametrize(
    "url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/articles/article/add/"]
)
def test_group_moderator_cannot_manage_users_groups_or_add_articles(group_moderator, url):
    assert group_moderator.get(url).status_code == 403
