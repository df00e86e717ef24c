"""Video blocks: a poster drawn by the site, and the no-cookie player only after a click."""

import re

import pytest
from django.core.exceptions import ValidationError

from articles.models import Video
from articles.videos import validate_video_url, video_source

VIDEO_HOSTS = re.compile(r"youtube|youtu\.be|vimeo", re.IGNORECASE)


@pytest.fixture
def video_article(make_article):
    """An article whose body places one YouTube video between two paragraphs."""
    article = make_article(body="Before the video.\n\n[video: demo]\n\nAfter the video.")
    Video.objects.create(
        article=article,
        key="demo",
        caption="A neurologist explains the spasm",
        url="https://www.youtube.com/watch?v=aBcDeFgHiJk",
    )
    return article


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=aBcDeFgHiJk",
        "https://youtu.be/aBcDeFgHiJk",
        "https://m.youtube.com/watch?v=aBcDeFgHiJk&t=30",
        "https://www.youtube.com/embed/aBcDeFgHiJk",
        "https://www.youtube.com/shorts/aBcDeFgHiJk",
    ],
)
def test_youtube_addresses_play_from_the_no_cookie_domain(url):
    source = video_source(url)
    assert source.host == "YouTube"
    assert source.embed_url.startswith("https://www.youtube-nocookie.com/embed/aBcDeFgHiJk?")


@pytest.mark.parametrize(
    "url", ["https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"]
)
def test_vimeo_addresses_play_with_do_not_track(url):
    source = video_source(url)
    assert source.host == "Vimeo"
    assert source.embed_url.startswith("https://player.vimeo.com/video/76979871?dnt=1")


def test_unlisted_vimeo_video_keeps_its_private_hash():
    assert "h=abc123" in video_source("https://vimeo.com/76979871/abc123").embed_url


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/watch?v=aBcDeFgHiJk",
        "https://www.youtube.com/watch?v=short",
        "javascript://www.youtube.com/watch?v=aBcDeFgHiJk",
        "https://vimeo.com/about",
    ],
)
def test_addresses_that_are_not_a_youtube_or_vimeo_video_are_refused(url):
    with pytest.raises(ValidationError):
        validate_video_url(url)


def test_video_block_is_a_captioned_poster_linking_to_the_video(client, video_article):
    text = client.get(video_article.get_absolute_url()).text
    assert 'class="video__poster" href="https://www.youtube.com/watch?v=aBcDeFgHiJk"' in text
    assert "<figcaption" in text and "A neurologist explains the spasm" in text


def test_video_block_carries_the_no_cookie_player_address_for_the_script(client, video_article):
    text = client.get(video_article.get_absolute_url()).text
    assert 'data-embed="https://www.youtube-nocookie.com/embed/aBcDeFgHiJk?autoplay=1' in text


def test_nothing_is_loaded_from_the_video_host_before_a_click(client, video_article):
    """No iframe, image, script, style or preconnect may point at the host in the HTML."""
    text = client.get(video_article.get_absolute_url()).text
    assert "<iframe" not in text
    loading_attributes = re.findall(r'\b(?:src|srcset|poster|data)="([^"]*)"', text)
    assert not [value for value in loading_attributes if VIDEO_HOSTS.search(value)]
    links = re.findall(r"<link\b[^>]*>", text)
    assert not [link for link in links if VIDEO_HOSTS.search(link)]


def test_article_page_loads_the_player_script_from_the_site_itself(client, video_article):
    text = client.get(video_article.get_absolute_url()).text
    assert '<script src="/static/js/video.js" defer></script>' in text


def test_page_has_no_inline_scripts_or_styles(client, video_article):
    """A strict Content-Security-Policy refuses inline code; JSON-LD is data, not code."""
    text = client.get(video_article.get_absolute_url()).text
    script_types = re.findall(r"<script\b([^>]*)>", text)
    assert all("src=" in attrs or 'type="application/ld+json"' in attrs for attrs in script_types)
    assert " style=" not in text and "<style" not in text


def test_video_without_a_usable_address_shows_nothing(client, make_article):
    article = make_article(body="Text.\n\n[video: later]")
    Video.objects.create(article=article, key="later", caption="Coming soon")
    assert "video__poster" not in client.get(article.get_absolute_url()).text
