"""manage.py export_site: everything, as WXR that WordPress reads and as JSON (docs/export.md)."""

import datetime
import io
import json

import pytest
from defusedxml import ElementTree
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Video
from comments.models import Comment
from comments.services import comment_withdraw
from portability.export import write_json, write_wxr
from portability.management.commands import export_site as export_site_command

WP = "{http://wordpress.org/export/1.2/}"
HFS = "{urn:hfs-site:wxr:1}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}"
DC = "{http://purl.org/dc/elements/1.1/}"
SITE_URL = "https://hfs.example"
HOSTILE = "]]> <script>alert(1)</script> & \"quotes\" 'single' 😀 ünïcode\r\nline"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE_URL
    settings.TIME_ZONE = "Europe/Paris"


def export(format):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("export_site", "--format", format, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def wxr():
    return ElementTree.fromstring(export("wxr")[0].encode())


def exported_json():
    return json.loads(export("json")[0])


def wxr_item(root, article):
    for item in root.iter("item"):
        if item.findtext(f"{WP}post_id") == str(article.pk):
            return item
    raise AssertionError(f"article {article.pk} is not in the export")


def wxr_comment(item, comment):
    for element in item.iter(f"{WP}comment"):
        if element.findtext(f"{WP}comment_id") == str(comment.pk):
            return element
    raise AssertionError(f"comment {comment.pk} is not in the export")


def json_article(data, article):
    return next(entry for entry in data["articles"] if entry["id"] == article.pk)


@pytest.fixture
def full_article(make_article):
    """A draft with every field set, closed to comments, with a playable and a missing video."""
    article = make_article(
        title="Botox & <me>",
        slug="botox-and-me",
        summary="What the injections did.",
        body="First paragraph.\n\n[video: clip]\n\nMiddle.\n\n[video: gone]\n\nLast.",
        status=Article.Status.DRAFT,
        published_at=datetime.datetime(2011, 3, 4, 5, 6, 7, 890000, tzinfo=datetime.UTC),
        reviewed_at=datetime.date(2024, 1, 2),
        comments_enabled=False,
    )
    Video.objects.create(
        article=article,
        key="clip",
        caption="A <severe> case",
        url="https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=5",
    )
    Video.objects.create(
        article=article, key="gone", caption="Old", missing_note="No longer available."
    )
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def full_comment(full_article, make_comment):
    return make_comment(
        full_article,
        author_name="Zoë <b>",
        author_email="zoe@example.com",
        author_url="https://zoe.example/",
        body="First paragraph & more.\n\nSecond <paragraph>.",
        created_at=datetime.datetime(2012, 6, 7, 8, 9, 10, 120000, tzinfo=datetime.UTC),
        ip_address="2001:db8::1",
        user_agent="Mozilla/5.0 (X11)",
        is_site_reply=True,
        editor_note="Treatments have changed since.",
        language="es",
    )


def test_wxr_declares_what_wordpress_importer_requires(db):
    channel = wxr().find("channel")
    assert channel.findtext(f"{WP}wxr_version") == "1.2"
    assert channel.findtext(f"{WP}base_site_url") == SITE_URL
    assert channel.findtext(f"{WP}base_blog_url") == SITE_URL


def test_wxr_uses_wordpress_prefixes_for_its_name_matching_parser(db):
    text = export("wxr")[0]
    for declaration in (
        'xmlns:wp="http://wordpress.org/export/1.2/"',
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"',
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"',
        'xmlns:dc="http://purl.org/dc/elements/1.1/"',
        'xmlns:hfs="urn:hfs-site:wxr:1"',
    ):
        assert declaration in text
    assert "<!DOCTYPE" not in text  # WordPress's SimpleXML parser refuses any doctype


def test_wxr_item_holds_every_article_field(full_article):
    item = wxr_item(wxr(), full_article)
    assert item.findtext("title") == "Botox & <me>"
    assert item.findtext("link") == f"{SITE_URL}/articles/botox-and-me/"
    assert item.findtext("pubDate") == "Fri, 04 Mar 2011 05:06:07 +0000"
    assert item.findtext(f"{DC}creator")
    assert item.findtext(f"{EXCERPT}encoded") == "What the injections did."
    assert item.findtext(f"{WP}post_name") == "botox-and-me"
    assert item.findtext(f"{WP}status") == "draft"
    assert item.findtext(f"{WP}post_type") == "post"
    assert item.findtext(f"{WP}comment_status") == "closed"
    assert item.findtext(f"{WP}post_date_gmt") == "2011-03-04 05:06:07"
    assert item.findtext(f"{WP}post_date") == "2011-03-04 06:06:07"  # Paris, winter
    assert item.findtext(f"{HFS}markdown") == full_article.body
    assert item.findtext(f"{HFS}summary") == "What the injections did."
    assert item.findtext(f"{HFS}language") == "en"
    assert item.findtext(f"{HFS}published_gmt") == "2011-03-04T05:06:07.890000+00:00"
    assert item.findtext(f"{HFS}updated_gmt") == full_article.updated_at.isoformat()
    assert item.findtext(f"{HFS}reviewed_on") == "2024-01-02"
    videos = [video.attrib for video in item.findall(f"{HFS}video")]
    assert videos == [
        {
            "key": "clip",
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=5",
            "caption": "A <severe> case",
            "missing_note": "",
        },
        {"key": "gone", "url": "", "caption": "Old", "missing_note": "No longer available."},
    ]


def test_wxr_article_without_review_has_no_reviewed_on(article):
    assert wxr_item(wxr(), article).find(f"{HFS}reviewed_on") is None


def test_wxr_content_is_the_rendered_body_with_videos_as_embed_shortcodes(full_article):
    html = wxr_item(wxr(), full_article).findtext(f"{CONTENT}encoded")
    assert html.startswith("<p>First paragraph.</p>")
    assert (
        "<figure>[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=5[/embed]"
        "<figcaption>A &lt;severe&gt; case</figcaption></figure>"
    ) in html
    assert "<p>No longer available.</p>" in html
    assert html.endswith("<p>Last.</p>")
    assert "[video:" not in html


def test_wxr_comment_holds_every_field(full_comment):
    item = wxr_item(wxr(), full_comment.article)
    element = wxr_comment(item, full_comment)
    assert element.findtext(f"{WP}comment_author") == "Zoë <b>"
    assert element.findtext(f"{WP}comment_author_email") == "zoe@example.com"
    assert element.findtext(f"{WP}comment_author_url") == "https://zoe.example/"
    assert element.findtext(f"{WP}comment_author_IP") == "2001:db8::1"
    assert element.findtext(f"{WP}comment_date_gmt") == "2012-06-07 08:09:10"
    assert element.findtext(f"{WP}comment_date") == "2012-06-07 10:09:10"  # Paris, summer
    assert element.findtext(f"{WP}comment_type") == "comment"
    assert element.findtext(f"{WP}comment_parent") == "0"
    assert element.findtext(f"{HFS}text") == full_comment.body
    assert element.findtext(f"{HFS}status") == "approved"
    assert element.findtext(f"{HFS}created_gmt") == "2012-06-07T08:09:10.120000+00:00"
    assert element.findtext(f"{HFS}site_reply") == "1"
    assert element.findtext(f"{HFS}user_agent") == "Mozilla/5.0 (X11)"
    assert element.findtext(f"{HFS}editor_note") == "Treatments have changed since."
    assert element.findtext(f"{HFS}language") == "es"


def test_wxr_comment_content_is_escaped_plain_text_with_its_paragraphs(full_comment):
    element = wxr_comment(wxr_item(wxr(), full_comment.article), full_comment)
    assert element.findtext(f"{WP}comment_content") == (
        "First paragraph &amp; more.\n\nSecond &lt;paragraph&gt;."
    )


def test_wxr_comment_of_unknown_language_names_none(article, make_comment):
    comment = make_comment(article, language="")
    assert wxr_comment(wxr_item(wxr(), article), comment).find(f"{HFS}language") is None


def test_wxr_comment_not_from_the_site_has_no_site_reply_flag(article, make_comment):
    comment = make_comment(article)
    assert wxr_comment(wxr_item(wxr(), article), comment).find(f"{HFS}site_reply") is None


@pytest.mark.parametrize(
    ("status", "approved"),
    [("approved", "1"), ("pending", "0"), ("spam", "spam"), ("removed", "trash")],
)
def test_wxr_maps_comment_statuses_to_wordpress(article, make_comment, status, approved):
    comment = make_comment(article, status=status)
    element = wxr_comment(wxr_item(wxr(), article), comment)
    assert element.findtext(f"{WP}comment_approved") == approved
    assert element.findtext(f"{HFS}status") == status


def test_wxr_maps_published_article_to_publish(article):
    item = wxr_item(wxr(), article)
    assert item.findtext(f"{WP}status") == "publish"
    assert item.findtext(f"{WP}comment_status") == "open"


def test_wxr_keeps_threading_and_writes_each_parent_before_its_replies(article, make_comment):
    """A reply dated before its parent (as an imported thread may be) still comes after it,
    so that an importer reading the file in order always knows the parent."""
    now = timezone.now()
    top = make_comment(article, created_at=now)
    reply = make_comment(article, parent=top, created_at=now - timezone.timedelta(days=2))
    deeper = make_comment(article, parent=reply, created_at=now - timezone.timedelta(days=3))
    ids = [
        element.findtext(f"{WP}comment_id")
        for element in wxr_item(wxr(), article).iter(f"{WP}comment")
    ]
    assert ids == [str(top.pk), str(reply.pk), str(deeper.pk)]
    item = wxr_item(wxr(), article)
    assert wxr_comment(item, reply).findtext(f"{WP}comment_parent") == str(top.pk)
    assert wxr_comment(item, deeper).findtext(f"{WP}comment_parent") == str(reply.pk)


def test_wxr_hostile_text_survives_and_forbidden_characters_are_dropped(article, make_comment):
    comment = make_comment(
        article, author_name="\x01Eve\x1f", body=HOSTILE + "\x01\x08\x0b", user_agent=HOSTILE
    )
    Article.objects.filter(pk=article.pk).update(title=HOSTILE, body=HOSTILE + "\x07")
    item = wxr_item(wxr(), article)
    assert item.findtext("title") == HOSTILE
    assert item.findtext(f"{HFS}markdown") == HOSTILE
    element = wxr_comment(item, comment)
    assert element.findtext(f"{WP}comment_author") == "Eve"
    assert element.findtext(f"{HFS}text") == HOSTILE
    assert element.findtext(f"{HFS}user_agent") == HOSTILE


def test_wxr_withdrawn_comment_is_exported_as_stored(article, make_comment):
    comment = make_comment(article)
    make_comment(article, parent=comment)  # a reply keeps the withdrawn comment in its place
    comment_withdraw(comment)
    element = wxr_comment(wxr_item(wxr(), article), comment)
    assert element.findtext(f"{WP}comment_author") == ""
    assert element.findtext(f"{WP}comment_author_email") == ""
    assert element.findtext(f"{WP}comment_author_IP") == ""
    assert element.findtext(f"{HFS}text") == ""
    assert element.find(f"{HFS}withdrawn_gmt") is not None


def test_json_holds_every_article_field(full_article):
    entry = json_article(exported_json(), full_article)
    assert entry == {
        "id": full_article.pk,
        "url": f"{SITE_URL}/articles/botox-and-me/",
        "title": "Botox & <me>",
        "slug": "botox-and-me",
        "summary": "What the injections did.",
        "body": full_article.body,
        "language": "en",
        "status": "draft",
        "published_at": "2011-03-04T05:06:07.890000+00:00",
        "updated_at": full_article.updated_at.isoformat(),
        "reviewed_at": "2024-01-02",
        "comments_enabled": False,
        "videos": [
            {
                "key": "clip",
                "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=5",
                "caption": "A <severe> case",
                "missing_note": "",
            },
            {"key": "gone", "url": "", "caption": "Old", "missing_note": "No longer available."},
        ],
        "comments": [],
    }


def test_json_holds_every_comment_field(full_comment):
    Comment.objects.filter(pk=full_comment.pk).update(
        status="removed", status_reason="Off topic", decline_reason="off-topic"
    )
    [entry] = json_article(exported_json(), full_comment.article)["comments"]
    assert entry == {
        "id": full_comment.pk,
        "parent": None,
        "author_name": "Zoë <b>",
        "author_email": "zoe@example.com",
        "author_url": "https://zoe.example/",
        "body": "First paragraph & more.\n\nSecond <paragraph>.",
        "language": "es",
        "created_at": "2012-06-07T08:09:10.120000+00:00",
        "edited_at": None,
        "withdrawn_at": None,
        "status": "removed",
        "status_reason": "Off topic",
        "moderated_at": None,
        "decline_reason": "off-topic",
        "decline_note": "",
        "ip_address": "2001:db8::1",
        "user_agent": "Mozilla/5.0 (X11)",
        "is_site_reply": True,
        "editor_note": "Treatments have changed since.",
    }


def test_json_names_its_format_and_site(db):
    data = exported_json()
    assert data["format"] == "hfs-site-export"
    assert data["version"] == 1
    assert data["site_url"] == SITE_URL
    assert datetime.datetime.fromisoformat(data["exported_at"]).tzinfo is not None


def test_json_keeps_threading_by_ids(article, make_comment):
    top = make_comment(article)
    reply = make_comment(article, parent=top)
    comments = json_article(exported_json(), article)["comments"]
    assert [(entry["id"], entry["parent"]) for entry in comments] == [
        (top.pk, None),
        (reply.pk, top.pk),
    ]


def test_json_hostile_text_survives_exactly(article, make_comment):
    text = HOSTILE + "\x01\x08"
    comment = make_comment(article, body=text)
    [entry] = json_article(exported_json(), article)["comments"]
    assert entry["id"] == comment.pk
    assert entry["body"] == text


def test_json_is_utf8_not_escaped(article, make_comment):
    make_comment(article, body="Merci 😀")
    assert "Merci 😀" in export("json")[0]


def test_json_with_no_articles_is_valid(db):
    Article.objects.all().delete()
    assert exported_json()["articles"] == []


@pytest.mark.parametrize("format", ["wxr", "json"])
def test_export_never_holds_staff_users_or_secrets(
    article, make_comment, django_user_model, format
):
    django_user_model.objects.create_superuser("editor-login", "staff@example.org", "pw-123456")
    comment = make_comment(article)
    text = export(format)[0]
    assert "editor-login" not in text
    assert "staff@example.org" not in text
    assert comment.status_key not in text


@pytest.mark.parametrize("format", ["wxr", "json"])
def test_export_reminds_that_it_holds_personal_data(db, format):
    assert "personal data" in export(format)[1]


@pytest.mark.parametrize("format", ["wxr", "json"])
def test_export_writes_the_output_file(db, tmp_path, format):
    path = tmp_path / f"site.{format}"
    call_command("export_site", "--format", format, "--output", str(path), stderr=io.StringIO())
    assert "hemifacial-spasm" in path.read_text(encoding="utf-8")
    assert [file.name for file in tmp_path.iterdir()] == [path.name]


def test_export_to_the_standard_output_is_utf8(article, make_comment, capsysbinary):
    make_comment(article, body="Merci 😀")
    call_command("export_site", "--format", "json", stderr=io.StringIO())
    data = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert json_article(data, article)["comments"][0]["body"] == "Merci 😀"


def test_failed_export_leaves_no_file(db, tmp_path, monkeypatch):
    def broken(out):
        out.write("<rss>")
        raise RuntimeError("database gone")

    monkeypatch.setitem(export_site_command.WRITERS, "wxr", broken)
    with pytest.raises(RuntimeError):
        call_command("export_site", "--format", "wxr", "--output", str(tmp_path / "site.xml"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("writer", [write_wxr, write_json])
def test_export_queries_do_not_grow_with_comments(
    article, make_comment, writer, django_assert_max_num_queries
):
    """Comments are read a chunk at a time (iterator()), one query an article, never one a
    comment or a reply: more comments, the same queries."""
    Video.objects.create(article=article, key="clip", caption="Clip")
    for _ in range(3):
        make_comment(article)
    # The articles, their videos, and the comments of each of the two (the seed article too).
    with django_assert_max_num_queries(4):
        writer(io.StringIO())
    parent = make_comment(article)
    for _ in range(60):
        make_comment(article, parent=parent)
    with django_assert_max_num_queries(4):
        writer(io.StringIO())
