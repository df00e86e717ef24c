from django.utils import timezone

from articles.models import Article, Video


def test_published_excludes_drafts(make_article):
    published = make_article()
    make_article(status=Article.Status.DRAFT)
    assert published in Article.objects.published()
    assert Article.objects.published().filter(status=Article.Status.DRAFT).count() == 0


def test_published_excludes_articles_dated_in_the_future(make_article):
    future = make_article(published_at=timezone.now() + timezone.timedelta(days=1))
    assert future not in Article.objects.published()


def test_article_url_is_its_slug(article):
    assert article.get_absolute_url() == f"/articles/{article.slug}/"


def test_draft_and_closed_articles_do_not_accept_comments(make_article):
    assert make_article().accepts_comments
    assert not make_article(comments_enabled=False).accepts_comments
    assert not make_article(status=Article.Status.DRAFT).accepts_comments


def test_body_markdown_is_rendered_with_headings_lists_and_links(make_article):
    article = make_article(body="## Causes\n\n- a nerve\n- a vessel\n\n[More](https://example.org)")
    html = "".join(part for kind, part in article.body_parts())
    assert "<h2>Causes</h2>" in html
    assert "<li>a nerve</li>" in html
    assert 'href="https://example.org"' in html


def test_body_raw_html_and_script_links_are_removed(make_article):
    article = make_article(
        body='<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick="x">'
    )
    html = "".join(part for kind, part in article.body_parts())
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onclick" not in html


def test_video_without_address_is_left_out(make_article):
    article = make_article(body="Before.\n\n[video: demo]\n\nAfter.")
    Video.objects.create(article=article, key="demo", caption="A demo")
    kinds = [kind for kind, part in article.body_parts()]
    assert kinds == ["html", "html"]


def test_video_with_address_is_placed_between_paragraphs(make_article):
    article = make_article(body="Before.\n\n[video: demo]\n\nAfter.")
    video = Video.objects.create(
        article=article,
        key="demo",
        caption="A demo",
        url="https://www.youtube.com/watch?v=aBcDeFgHiJk",
    )
    assert article.body_parts()[1] == ("video", video)
