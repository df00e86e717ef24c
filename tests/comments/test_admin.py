"""The moderator's work in the admin: find what waits, approve, mark spam, remove."""

import json
from html.parser import HTMLParser

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from comments import spamfilter
from comments.models import BlockedTerm, Comment, PrivacyAudit, SpamToken
from comments.privacy import email_hash

CHANGELIST = "/admin/comments/comment/"


@pytest.fixture
def waiting(article, make_comment):
    return make_comment(article, status=Comment.Status.PENDING, body="Please approve me.")


class FormReader(HTMLParser):
    """Collects what a browser would post from one form of a page, left as it is."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        kind = attrs.get("type", "text")
        if tag == "input" and kind not in {"submit", "button", "file"}:
            if kind not in {"checkbox", "radio"}:
                self.data[attrs["name"]] = attrs.get("value", "")
            elif "checked" in attrs:
                self.data[attrs["name"]] = attrs.get("value", "on")
        elif tag == "select":
            self.select = attrs["name"]
            self.data.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.data[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data.removeprefix("\n")


def form_data(html, *, form_id):
    reader = FormReader(form_id)
    reader.feed(html)
    return reader.data


def run_action(client, action, *comments):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [c.pk for c in comments]},
        follow=True,
    )


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_changelist_filtered_by_pending_shows_waiting_comments(moderator_client, waiting):
    response = moderator_client.get(CHANGELIST, {"status__exact": "pending"})
    assert response.status_code == 200
    assert "Please approve me." in response.text
    assert "Tracy Perkins" not in response.text


def test_changelist_shows_excerpt_article_author_date_and_status(moderator_client, waiting):
    text = moderator_client.get(CHANGELIST).text
    for column in ["column-excerpt", "column-article_link", "column-author_name",
                   "column-created_at", "column-status"]:  # fmt: skip
        assert column in text
    assert waiting.article.title in text


@pytest.mark.parametrize("query", ["Pat Reader", "pat@example.com", "approve me", "203.0.113.9"])
def test_search_finds_comments_by_name_email_text_and_ip(moderator_client, waiting, query):
    response = moderator_client.get(CHANGELIST, {"q": query})
    assert "Please approve me." in response.text


def test_approve_action_makes_the_comment_visible_to_everyone(moderator_client, waiting):
    response = run_action(moderator_client, "make_approved", waiting)
    assert "1 comment approved." in response.text
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED
    assert "Please approve me." in Client().get(waiting.article.get_absolute_url()).text


def test_action_records_the_moderator_and_writes_the_admin_log(
    moderator_client, moderator, waiting
):
    run_action(moderator_client, "make_approved", waiting)
    waiting.refresh_from_db()
    assert waiting.moderated_by == moderator
    assert waiting.moderated_at is not None
    assert LogEntry.objects.filter(user=moderator, object_id=str(waiting.pk)).exists()


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        ("make_spam", "spam", "2 comments marked as spam."),
        ("make_removed", "removed", "2 comments removed."),
    ],
)
def test_spam_and_remove_actions_hide_comments_and_report_counts(
    moderator_client, article, make_comment, action, status, message
):
    comments = [make_comment(article, body=f"Visible {i}") for i in range(2)]
    response = run_action(moderator_client, action, *comments)
    assert message in response.text
    assert set(Comment.objects.filter(article=article).values_list("status", flat=True)) == {status}
    assert "Visible 0" not in Client().get(article.get_absolute_url()).text


def test_counts_only_comments_whose_status_changed(
    moderator_client, article, make_comment, waiting
):
    already = make_comment(article)
    response = run_action(moderator_client, "make_approved", waiting, already)
    assert "1 comment approved." in response.text


# The list: counts by status, pending first, the reason


def test_changelist_shows_counts_by_status_that_link_to_the_filtered_list(
    moderator_client, waiting
):
    text = moderator_client.get(CHANGELIST).text
    assert '<a href="/admin/comments/comment/?status__exact=pending">Pending 1</a>' in text
    assert '<a href="/admin/comments/comment/?status__exact=approved">Approved 3</a>' in text
    assert "Spam 0</a>" in text and "Removed 0</a>" in text


def test_changelist_lists_pending_comments_first(moderator_client, article, make_comment):
    make_comment(article, body="Newest but approved.")
    old_waiting = make_comment(
        article,
        status=Comment.Status.PENDING,
        body="Older and waiting.",
        created_at=timezone.now() - timezone.timedelta(days=5),
    )
    shown = list(moderator_client.get(CHANGELIST).context["cl"].result_list)
    assert shown[0] == old_waiting


def test_changelist_shows_why_each_comment_has_its_status(moderator_client, waiting):
    Comment.objects.filter(pk=waiting.pk).update(status_reason="Has 3 links (more than 2).")
    text = moderator_client.get(CHANGELIST).text
    assert "column-status_reason" in text
    assert "Has 3 links (more than 2)." in text


def test_changelist_filters_by_status_article_date_and_site_reply(moderator_client, waiting):
    filters = moderator_client.get(CHANGELIST).context["cl"].filter_specs
    assert [spec.title for spec in filters] == ["status", "from the site team", "article",
                                                "created at"]  # fmt: skip


def test_comments_cannot_be_added_from_the_admin(moderator_client, db):
    assert moderator_client.get("/admin/comments/comment/add/").status_code == 403


# Every action: its count, who and when, the admin log


@pytest.mark.parametrize(
    ("action", "before", "after", "message"),
    [
        ("make_approved", "pending", "approved", "approved"),
        ("make_unapproved", "approved", "pending", "unapproved"),
        ("make_spam", "pending", "spam", "marked as spam"),
        ("make_not_spam", "spam", "pending", "marked as not spam (now pending)"),
        ("make_removed", "approved", "removed", "removed"),
        ("make_restored", "removed", "pending", "restored (now pending)"),
    ],
)
def test_each_status_action_moves_comments_records_who_and_logs(
    moderator_client, moderator, article, make_comment, action, before, after, message
):
    comments = [make_comment(article, status=before) for _ in range(3)]
    response = run_action(moderator_client, action, *comments)
    assert f"3 comments {message}." in response.text
    for comment in comments:
        comment.refresh_from_db()
        assert (comment.status, comment.moderated_by) == (after, moderator)
        assert comment.moderated_at is not None
    assert LogEntry.objects.filter(user=moderator, object_id=str(comments[0].pk)).exists()


@pytest.mark.parametrize(
    ("action", "only_from"),
    [("make_unapproved", "approved"), ("make_not_spam", "spam"), ("make_restored", "removed")],
)
def test_undo_actions_touch_only_comments_in_the_status_they_undo(
    moderator_client, article, make_comment, action, only_from
):
    others = [make_comment(article, status=s) for s in ["approved", "spam", "removed"]]
    run_action(moderator_client, action, *others)
    for comment in others:
        comment.refresh_from_db()
    assert [c.status for c in others if c.status != "pending"] == [
        s for s in ["approved", "spam", "removed"] if s != only_from
    ]


def test_changing_the_status_on_the_comment_page_records_the_moderator(
    moderator_client, moderator, waiting
):
    url = f"{CHANGELIST}{waiting.pk}/change/"
    data = form_data(moderator_client.get(url).text, form_id="comment_form")
    data["status"] = "approved"
    assert moderator_client.post(url, data).status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.moderated_by) == ("approved", moderator)


# How many wait: admin index and article page


def test_admin_index_says_how_many_comments_wait_and_links_to_the_queue(moderator_client, waiting):
    text = moderator_client.get("/admin/").text
    assert '<a href="/admin/comments/comment/queue/">1 comment waits' in text


def test_admin_index_links_a_viewer_to_the_waiting_comments_list(
    client, waiting, django_user_model
):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    text = client.get("/admin/").text
    assert '<a href="/admin/comments/comment/?status__exact=pending">1 comment waits' in text


def test_article_admin_page_says_how_many_of_its_comments_wait(moderator_client, waiting):
    text = moderator_client.get(f"/admin/articles/article/{waiting.article.pk}/change/").text
    assert "1 comment waiting" in text
    assert f"?article__id__exact={waiting.article.pk}&amp;status__exact=pending" in text


# Comments inline on the article page


def test_article_admin_page_lists_its_comments_with_editable_status(moderator_client, waiting):
    page = moderator_client.get(f"/admin/articles/article/{waiting.article.pk}/change/")
    inline = next(f for f in page.context["inline_admin_formsets"] if f.opts.model is Comment)
    assert "Please approve me." in page.text
    assert list(inline.formset.forms[0].fields) == ["status", "id", "article"]


def test_status_changed_in_the_article_inline_goes_through_moderation(
    moderator_client, moderator, waiting
):
    url = f"/admin/articles/article/{waiting.article.pk}/change/"
    data = form_data(moderator_client.get(url).text, form_id="article_form")
    data["comments-0-status"] = "approved"
    assert moderator_client.post(url, data).status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.moderated_by) == ("approved", moderator)


# Reply as the site


def test_reply_as_the_site_is_published_at_once_under_its_parent(
    moderator_client, moderator, article, make_comment
):
    parent = make_comment(article, body="Does surgery help?")
    page = moderator_client.get(f"{CHANGELIST}{parent.pk}/change/")
    assert f'href="/admin/comments/comment/{parent.pk}/reply/">Reply as the site' in page.text
    moderator_client.post(
        f"{CHANGELIST}{parent.pk}/reply/",
        {"author_name": "The editors", "body": "It often does; see the surgery section."},
    )
    reply = Comment.objects.get(parent=parent)
    assert (reply.status, reply.is_site_reply, reply.moderated_by) == (
        "approved", True, moderator,
    )  # fmt: skip
    assert "It often does" in Client().get(article.get_absolute_url()).text


def test_reply_page_shows_the_comment_being_answered(moderator_client, waiting):
    response = moderator_client.get(f"{CHANGELIST}{waiting.pk}/reply/")
    assert response.status_code == 200
    assert "Please approve me." in response.text
    assert "publishing your reply approves it too" in response.text


def test_replying_to_a_waiting_comment_approves_it(moderator_client, moderator, waiting):
    moderator_client.post(
        f"{CHANGELIST}{waiting.pk}/reply/", {"author_name": "Site team", "body": "Welcome."}
    )
    waiting.refresh_from_db()
    assert (waiting.status, waiting.moderated_by) == ("approved", moderator)


def test_spam_cannot_be_replied_to(moderator_client, article, make_comment):
    spam = make_comment(article, status=Comment.Status.SPAM)
    response = moderator_client.post(
        f"{CHANGELIST}{spam.pk}/reply/", {"author_name": "Site", "body": "Hi"}, follow=True
    )
    assert "restore it (Not spam or Restore) before replying" in response.text
    assert not Comment.objects.filter(parent=spam).exists()


def test_empty_reply_is_refused_with_a_message(moderator_client, waiting):
    response = moderator_client.post(
        f"{CHANGELIST}{waiting.pk}/reply/", {"author_name": "The editors", "body": "  "}
    )
    assert response.status_code == 200
    assert "Please write the reply." in response.text
    assert not Comment.objects.filter(parent=waiting).exists()


# Blocked terms


def test_blocked_term_is_stored_in_its_canonical_form(moderator_client, db):
    moderator_client.post(
        "/admin/comments/blockedterm/add/",
        {"kind": "domain", "value": "https://WWW.Pills.Example/buy", "note": ""},
    )
    assert BlockedTerm.objects.get().value == "pills.example"


def test_blocked_term_that_could_never_match_is_refused(moderator_client, db):
    response = moderator_client.post(
        "/admin/comments/blockedterm/add/", {"kind": "ip", "value": "not an ip", "note": ""}
    )
    assert "Enter an IP address" in response.text
    assert not BlockedTerm.objects.exists()


def test_the_same_term_cannot_be_blocked_twice_in_another_case(moderator_client, db):
    BlockedTerm.objects.create(kind="word", value="casino")
    response = moderator_client.post(
        "/admin/comments/blockedterm/add/", {"kind": "word", "value": "Casino", "note": ""}
    )
    assert "This term is already blocked." in response.text


# Privacy actions


@pytest.fixture
def marias(article, make_comment):
    return [
        make_comment(article, author_email="maria@example.com", author_name="Maria", body=body)
        for body in ["First", "Second"]
    ]


def test_export_action_downloads_everything_kept_about_the_commenters(moderator_client, marias):
    response = run_action(moderator_client, "export_commenters", marias[0])
    data = json.loads(response.content)
    [commenter] = data["commenters"]
    assert commenter["email"] == "maria@example.com"
    assert [c["text"] for c in commenter["comments"]] == ["First", "Second"]
    assert response["Content-Disposition"] == 'attachment; filename="commenters.json"'


def test_anonymise_action_asks_first_then_anonymises_all_their_comments(moderator_client, marias):
    confirm = run_action(moderator_client, "anonymise_commenters", marias[0])
    assert "Anonymise all 2 comments left with 1 email address?" in confirm.text
    assert Comment.objects.filter(author_name="Maria").count() == 2
    response = moderator_client.post(
        CHANGELIST,
        {
            "action": "anonymise_commenters",
            "_selected_action": [marias[0].pk],
            "confirmed": "yes",
        },
        follow=True,
    )
    assert "2 comments from 1 commenter anonymised." in response.text
    assert set(Comment.objects.filter(pk__in=[c.pk for c in marias]).values_list(
        "author_name", "author_email", "ip_address")) == {("Anonymous", "", None)}  # fmt: skip


def test_delete_action_deletes_all_their_comments_after_confirmation(moderator_client, marias):
    response = moderator_client.post(
        CHANGELIST,
        {
            "action": "delete_commenters",
            "_selected_action": [marias[0].pk],
            "confirmed": "yes",
        },
        follow=True,
    )
    assert "2 comments from 1 commenter deleted." in response.text
    assert not Comment.objects.filter(author_email="maria@example.com").exists()


def test_changelist_uses_a_fixed_number_of_queries(
    moderator_client, article, make_comment, django_assert_max_num_queries
):
    """Article links come from the list's own join and the counts from one grouped query."""
    for index in range(30):
        make_comment(article, body=f"Comment {index}", status=Comment.Status.PENDING)
    with django_assert_max_num_queries(12):
        response = moderator_client.get(CHANGELIST)
    assert response.text.count('class="field-excerpt"') == 33


def test_replying_to_a_comment_that_is_gone_returns_to_the_list_with_a_message(
    moderator_client, db
):
    response = moderator_client.get(f"{CHANGELIST}999999/reply/", follow=True)
    assert response.redirect_chain[-1][0] == CHANGELIST
    assert "There is no comment with ID “999999”" in response.text


def test_new_article_page_has_no_count_of_comments_waiting(moderator_client, db):
    response = moderator_client.get("/admin/articles/article/add/")
    assert response.status_code == 200
    assert "waiting for moderation" not in response.text


# What the privacy actions leave: one audit entry per commenter, naming them by a hash only


def audit_entries():
    return list(
        PrivacyAudit.objects.values("action", "email_hash", "comment_count", "actor", "via")
    )


def test_export_action_leaves_one_audit_entry_without_the_email(moderator_client, marias):
    run_action(moderator_client, "export_commenters", *marias)
    assert audit_entries() == [
        {
            "action": "export",
            "email_hash": email_hash("maria@example.com"),
            "comment_count": 2,
            "actor": "mod",
            "via": "admin: export",
        }
    ]
    assert "maria" not in json.dumps(audit_entries()).lower()


@pytest.mark.parametrize("action", ["anonymise", "delete"])
def test_erase_actions_leave_one_audit_entry_without_the_email(moderator_client, marias, action):
    moderator_client.post(
        CHANGELIST,
        {"action": f"{action}_commenters", "_selected_action": [marias[0].pk], "confirmed": "yes"},
    )
    assert audit_entries() == [
        {
            "action": action,
            "email_hash": email_hash("maria@example.com"),
            "comment_count": 2,
            "actor": "mod",
            "via": f"admin: {action}",
        }
    ]
    assert "maria" not in json.dumps(audit_entries()).lower()


def test_the_privacy_audit_is_shown_read_only_in_the_admin(moderator_client, marias):
    run_action(moderator_client, "export_commenters", marias[0])
    entry = PrivacyAudit.objects.get()
    listing = moderator_client.get("/admin/comments/privacyaudit/")
    assert listing.status_code == 200
    assert entry.email_hash in listing.text
    assert "maria@example.com" not in listing.text
    assert moderator_client.get("/admin/comments/privacyaudit/add/").status_code == 403
    page = moderator_client.get(f"/admin/comments/privacyaudit/{entry.pk}/change/")
    assert page.status_code == 200
    assert 'name="actor"' not in page.text
    deleting = f"/admin/comments/privacyaudit/{entry.pk}/delete/"
    assert moderator_client.post(deleting, {"post": "yes"}).status_code == 403


# Edits and deletions in the admin keep the spam filter's counts


def learned_tokens():
    return set(SpamToken.objects.exclude(ham=0, spam=0).values_list("token", "ham", "spam"))


@pytest.fixture
def labelled(moderator, article, make_comment):
    from comments.services import comment_set_status

    comment = make_comment(
        article, author_name="Quentin Zorblax", body="Zorblax pills", status="pending"
    )
    comment_set_status(Comment.objects.filter(pk=comment.pk), status="spam", by=moderator)
    return comment


def test_editing_a_labelled_comment_in_the_admin_relearns_it(moderator_client, labelled):
    url = f"{CHANGELIST}{labelled.pk}/change/"
    data = form_data(moderator_client.get(url).text, form_id="comment_form")
    data["author_name"] = "Someone Else"
    assert moderator_client.post(url, data).status_code == 302
    assert not SpamToken.objects.filter(token="n:quentin").exclude(spam=0).exists()
    assert SpamToken.objects.get(token="n:someone").spam == 1


@pytest.mark.parametrize("how", ["page", "action"])
def test_deleting_a_labelled_comment_in_the_admin_unlearns_it(moderator_client, labelled, how):
    if how == "page":
        moderator_client.post(f"{CHANGELIST}{labelled.pk}/delete/", {"post": "yes"})
    else:
        moderator_client.post(
            CHANGELIST,
            {"action": "delete_selected", "_selected_action": [labelled.pk], "post": "yes"},
        )
    assert not Comment.objects.filter(pk=labelled.pk).exists()
    assert learned_tokens() == set()
    assert spamfilter.rebuild() == 0
