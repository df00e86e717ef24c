"""A video place whose address is unknown shows the editor's note instead, until an editor sets
an address: never a text promising a video that does not appear."""

import pytest
from django.test import Client

from articles.models import Article, Video

NOTE = "The video that was here in 2010 is no longer available."
ADDRESS = "https://www.youtube.com/watch?v=aBcDeFgHiJk"


@pytest.fixture
def article(make_article):
    return make_article(body="Before.\n\n[video: demo]\n\nAfter.")


def page_text(article):
    return Client().get(article.get_absolute_url()).text


def test_video_without_an_address_shows_its_note(article):
    Video.objects.create(article=article, key="demo", caption="A demo", missing_note=NOTE)
    text = page_text(article)
    assert f'<aside class="editor-note"><strong>Editor\'s note:</strong> {NOTE}</aside>' in text
    assert "Play video" not in text


def test_video_with_an_address_shows_the_video_not_the_note(article):
    Video.objects.create(
        article=article, key="demo", caption="A demo", url=ADDRESS, missing_note=NOTE
    )
    text = page_text(article)
    assert "Play video" in text
    assert NOTE not in text


def test_video_without_an_address_or_a_note_leaves_no_trace(article):
    Video.objects.create(article=article, key="demo", caption="A demo")
    text = page_text(article)
    assert "Play video" not in text
    assert "editor-note" not in text


def test_setting_the_address_replaces_the_note_at_once(article):
    video = Video.objects.create(article=article, key="demo", caption="A demo", missing_note=NOTE)
    assert NOTE in page_text(article)  # the page is now kept
    video.url = ADDRESS
    video.save()
    assert NOTE not in page_text(article)


def test_seed_article_shows_a_note_in_each_unknown_video_place(db):
    article = Article.objects.get(slug="hemifacial-spasm")
    assert page_text(article).count(NOTE) == article.videos.filter(url="").count() == 2
