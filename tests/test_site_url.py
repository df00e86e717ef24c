"""One site address: every absolute address in pages, feeds, the sitemap, robots.txt and emails
is on SITE_URL, whatever host or scheme a request names. A page kept by a cache is then right for
every later reader, and a poster's Host header never reaches a moderator's email."""

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from comments.models import Comment
from hfs_site.apps import site_follows_site_url
from hfs_site.checks import site_url_check, site_url_deploy_check
from hfs_site.settings import parse_site_url

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(params=["another host", "https from a proxy"])
def odd(request, settings):
    """How a request names another origin than SITE_URL: its headers, and the host it names."""
    if request.param == "another host":
        return {"HTTP_HOST": "localhost:6666"}, "localhost:6666"  # allowed, another port
    # As behind a proxy trusted for the scheme: the request itself is then https://testserver.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return {"HTTP_X_FORWARDED_PROTO": "https"}, "testserver"


def on_site(path):
    return f"{settings.SITE_URL}{path}"


def attribute(html, pattern):
    return re.search(pattern, html).group(1)


def test_article_page_names_its_addresses_on_site_url(client, seed_article, odd):
    headers, host = odd
    text = client.get(seed_article.get_absolute_url(), **headers).text
    url = on_site(seed_article.get_absolute_url())
    assert attribute(text, r'<link rel="canonical" href="([^"]*)">') == url
    assert attribute(text, r'<meta property="og:url" content="([^"]*)">') == url
    block = attribute(text, r'<script type="application/ld\+json">(.*?)</script>')
    data = json.loads(block)
    assert (data["@id"], data["url"], data["isPartOf"]["url"]) == (url, url, on_site("/"))
    assert all(comment["url"].startswith(url) for comment in data["comment"])
    assert host not in text


def test_other_pages_name_their_canonical_address_on_site_url(client, db, odd):
    headers, host = odd
    text = client.get("/about/", **headers).text
    assert attribute(text, r'<link rel="canonical" href="([^"]*)">') == on_site("/about/")
    assert host not in text


def feed_addresses(content):
    """Every address an RSS or Atom feed gives: links, the feed's own address, ids and guids."""
    root = ET.fromstring(content)
    found = [link.get("href") for link in root.iter(f"{ATOM}link")]
    found += [element.text for element in root.iter(f"{ATOM}id")]
    for tag in ("link", "guid"):
        found += [element.text for element in root.iter(tag)]
    return found


@pytest.mark.parametrize(
    "url_name, kwargs",
    [
        ("articles:feed_rss", {}),
        ("articles:feed_atom", {}),
        ("seo:comments_rss", {"slug": "hemifacial-spasm"}),
        ("seo:comments_atom", {"slug": "hemifacial-spasm"}),
    ],
)
def test_feeds_give_addresses_on_site_url(client, seed_article, odd, url_name, kwargs):
    headers, host = odd
    response = client.get(reverse(url_name, kwargs=kwargs), **headers)
    addresses = feed_addresses(response.content)
    assert len(addresses) > 3  # the feed's own, its page's, and its items'
    assert all(address.startswith(on_site("/")) for address in addresses), addresses
    assert host not in response.text


def test_sitemap_lists_addresses_on_site_url(client, seed_article, odd):
    headers, host = odd
    response = client.get("/sitemap.xml", **headers)
    locations = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert on_site(seed_article.get_absolute_url()) in locations
    assert all(location.startswith(on_site("/")) for location in locations)
    assert host not in response.text


def test_robots_txt_names_the_sitemap_on_site_url(client, db, odd):
    headers, host = odd
    text = client.get("/robots.txt", **headers).text
    assert f"Sitemap: {on_site('/sitemap.xml')}" in text
    assert host not in text


def test_the_sitemaps_site_follows_site_url_at_every_migrate(client, seed_article, settings):
    """Django's sitemap view takes its domain from the sites framework's Site."""
    assert Site.objects.get_current().domain == urlsplit(settings.SITE_URL).netloc
    settings.SITE_URL = "https://hemifacial-spasm.example"
    site_follows_site_url(apps.get_app_config("sites"))  # as `migrate` runs it
    Site.objects.clear_cache()
    root = ET.fromstring(client.get("/sitemap.xml").content)
    expected = f"https://hemifacial-spasm.example{seed_article.get_absolute_url()}"
    assert expected in [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    Site.objects.clear_cache()


def test_moderators_email_links_to_site_url_whatever_the_posters_host(
    client, article, comment_data, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.COMMENTS_MODERATOR_EMAILS = ["mods@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/articles/{article.slug}/comments/", comment_data, HTTP_HOST="localhost:6666")
    comment = Comment.objects.get(article=article)
    [email] = mailoutbox
    assert on_site(f"/admin/comments/comment/{comment.pk}/change/") in email.body
    assert "localhost:6666" not in email.body


def test_approval_email_links_to_site_url_whatever_the_moderators_host(
    moderator_client, article, make_comment, mailoutbox, django_capture_on_commit_callbacks
):
    waiting = make_comment(article, status=Comment.Status.PENDING, notify_on_approval=True)
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            "/admin/comments/comment/",
            {"action": "make_approved", "_selected_action": [waiting.pk]},
            HTTP_HOST="localhost:6666",
        )
    [email] = mailoutbox
    assert on_site(waiting.get_absolute_url()) in email.body
    assert "localhost:6666" not in email.body


# The setting


@pytest.mark.parametrize(
    "value, site_url",
    [
        ("https://hemifacial-spasm.example", "https://hemifacial-spasm.example"),
        ("https://Hemifacial-Spasm.example/", "https://hemifacial-spasm.example"),
        (" http://127.0.0.1:8000 ", "http://127.0.0.1:8000"),
        ("http://[::1]:8000/", "http://[::1]:8000"),
    ],
)
def test_site_url_is_kept_without_a_trailing_slash(value, site_url):
    assert parse_site_url(value) == site_url


@pytest.mark.parametrize(
    "value",
    [
        "hemifacial-spasm.example",
        "ftp://hemifacial-spasm.example",
        "https://",
        "https://hemifacial-spasm.example/blog/",
        "https://hemifacial-spasm.example/?page=2",
        "https://hemifacial-spasm.example/#top",
        "https://admin:secret@hemifacial-spasm.example",
        "https://hemifacial-spasm.example:eighty",
        "https://hemifacial spasm.example",
    ],
)
def test_a_site_url_that_is_not_an_origin_is_refused_at_startup(value):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SITE_URL"):
        parse_site_url(value)


def test_an_http_site_url_on_a_site_served_over_https_fails_the_checks(settings):
    settings.HTTPS = True
    settings.SITE_URL = "http://hemifacial-spasm.example"
    assert [error.id for error in site_url_check(None)] == ["hfs_site.E001"]
    settings.SITE_URL = "https://hemifacial-spasm.example"
    assert site_url_check(None) == []


def test_check_deploy_reports_a_site_url_on_this_machine(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert [warning.id for warning in site_url_deploy_check(None)] == ["hfs_site.W002"]
    settings.SITE_URL = "https://hemifacial-spasm.example"
    assert site_url_deploy_check(None) == []
