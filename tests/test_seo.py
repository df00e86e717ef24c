"""What feed readers and search engines get: feeds, sitemap, robots.txt, meta tags, JSON-LD."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Article
from comments.models import Comment
from seo.structured_data import JSON_LD_TEXT_LENGTH

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def comments_feed_url(article, kind="rss"):
    return reverse(f"seo:comments_{kind}", kwargs={"slug": article.slug})


def json_ld(response):
    """The page's JSON-LD data block, parsed."""
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    return json.loads(block.group(1))


@pytest.fixture
def commented_article(article, make_comment):
    """An article with one approved comment and one of each status readers never see."""
    make_comment(article, author_name="Approved Ann", body="Botox helped me.")
    for status in ["pending", "spam", "removed"]:
        make_comment(article, author_name=f"Hidden {status}", status=status)
    return article


def test_articles_rss_feed_is_xml_listing_the_published_articles(client, seed_article):
    response = client.get(reverse("articles:feed_rss"))
    titles = [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]
    assert response["Content-Type"].startswith("application/rss+xml")
    assert seed_article.title in titles


def test_articles_feed_leaves_out_drafts(client, seed_article, make_article):
    make_article(title="Unfinished draft", status=Article.Status.DRAFT)
    assert b"Unfinished draft" not in client.get(reverse("articles:feed_rss")).content


def test_articles_atom_feed_is_xml_listing_the_published_articles(client, seed_article):
    root = ET.fromstring(client.get(reverse("articles:feed_atom")).content)
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert titles == [seed_article.title]


def test_comments_feed_holds_only_approved_comments(client, commented_article):
    root = ET.fromstring(client.get(comments_feed_url(commented_article)).content)
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles == [f"Approved Ann on “{commented_article.title}”"]


def test_comments_atom_feed_holds_only_approved_comments(client, commented_article):
    root = ET.fromstring(client.get(comments_feed_url(commented_article, "atom")).content)
    names = [entry.findtext(f"{ATOM}author/{ATOM}name") for entry in root.iter(f"{ATOM}entry")]
    assert names == ["Approved Ann"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_comments_feeds_never_carry_an_email_address(client, article, make_comment, kind):
    make_comment(article, author_email="private.person@example.com")
    content = client.get(comments_feed_url(article, kind)).content.decode()
    assert "private.person@example.com" not in content
    assert "@" not in content


def test_comments_feed_escapes_what_a_commenter_typed(client, article, make_comment):
    make_comment(article, body="<script>alert(1)</script> & <b>bold</b>")
    root = ET.fromstring(client.get(comments_feed_url(article)).content)
    description = next(root.iter("item")).findtext("description")
    assert "<script>" not in description
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in description


def test_comments_feed_of_a_draft_is_not_found(client, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    assert client.get(comments_feed_url(draft)).status_code == 404


def test_sitemap_lists_published_articles_and_fixed_pages(client, seed_article, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert f"{settings.SITE_URL}{seed_article.get_absolute_url()}" in locations
    assert f"{settings.SITE_URL}/" in locations
    assert f"{settings.SITE_URL}/about/" in locations
    assert f"{settings.SITE_URL}{draft.get_absolute_url()}" not in locations


def test_robots_txt_allows_crawling_and_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in response.text
    assert "Disallow: /\n" not in response.text


def test_pages_name_their_canonical_address(client, seed_article):
    text = client.get(seed_article.get_absolute_url() + "?utm_source=x").text
    canonical = (
        f'<link rel="canonical" href="{settings.SITE_URL}{seed_article.get_absolute_url()}">'
    )
    assert canonical in text


def test_article_page_has_open_graph_and_twitter_meta(client, seed_article):
    text = client.get(seed_article.get_absolute_url()).text
    assert '<meta property="og:type" content="article">' in text
    assert '<meta property="og:title" content="Hemifacial Spasm">' in text
    assert f'<meta property="og:description" content="{seed_article.summary}">' in text
    assert '<meta name="twitter:card" content="summary">' in text


def test_json_ld_describes_the_article_as_a_medical_web_page(client, seed_article):
    data = json_ld(client.get(seed_article.get_absolute_url()))
    assert data["@type"] == "MedicalWebPage"
    assert data["headline"] == seed_article.title
    assert data["url"] == f"{settings.SITE_URL}{seed_article.get_absolute_url()}"
    assert data["datePublished"].startswith("2010-05-19")


def test_json_ld_counts_and_lists_only_approved_comments(client, commented_article):
    data = json_ld(client.get(commented_article.get_absolute_url()))
    assert data["commentCount"] == 1
    assert [comment["author"]["name"] for comment in data["comment"]] == ["Approved Ann"]
    assert data["comment"][0]["@type"] == "Comment"
    assert data["comment"][0]["text"] == "Botox helped me."


def test_json_ld_shortens_long_comments_that_the_page_shows_in_full(client, article, make_comment):
    story = "My face twitches every morning. " * 40
    make_comment(article, body=story)
    response = client.get(article.get_absolute_url())
    text = json_ld(response)["comment"][0]["text"]
    assert len(text) == JSON_LD_TEXT_LENGTH
    assert text.endswith("…")
    assert story.startswith(text[:-1])
    assert story.strip() in response.text


def test_json_ld_carries_last_reviewed_when_set(client, make_article):
    article = make_article(reviewed_at="2026-03-02")
    assert json_ld(client.get(article.get_absolute_url()))["lastReviewed"] == "2026-03-02"


def test_json_ld_names_the_languages_of_the_article_and_of_each_comment(
    client, make_article, make_comment
):
    article = make_article(language="de")
    make_comment(article, body="Mi historia.", language="es")
    make_comment(article, body="Meine Geschichte.", language="")
    data = json_ld(client.get(article.get_absolute_url()))
    assert data["inLanguage"] == "de"
    by_text = {comment["text"]: comment["inLanguage"] for comment in data["comment"]}
    assert by_text == {"Mi historia.": "es", "Meine Geschichte.": "de"}


def test_json_ld_cannot_be_broken_out_of_by_a_comment(client, article, make_comment):
    hostile = '</script><script>alert("x")</script><!-- & more'
    make_comment(article, body=hostile, author_name="</script>")
    response = client.get(article.get_absolute_url())
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    assert "<" not in block.group(1)
    assert json_ld(response)["comment"][0]["text"] == hostile


def test_json_ld_never_holds_a_commenters_email(client, article, make_comment):
    make_comment(article, author_email="private.person@example.com")
    assert "private.person@example.com" not in json.dumps(
        json_ld(client.get(article.get_absolute_url()))
    )


def test_comment_statuses_readers_never_see_stay_out_of_json_ld(client, article, make_comment):
    make_comment(article, status=Comment.Status.PENDING, body="Waiting text")
    assert json_ld(client.get(article.get_absolute_url()))["commentCount"] == 0


@given(st.text(max_size=400) | st.text(alphabet=st.characters(max_codepoint=127), max_size=400))
@example("x" * JSON_LD_TEXT_LENGTH)
@example("x" * (JSON_LD_TEXT_LENGTH + 1))
@hypothesis_settings(max_examples=300, deadline=None)
def test_json_ld_text_is_cut_as_truncator_cuts_it(text):
    from django.utils.text import Truncator

    from seo.structured_data import json_ld_text

    assert json_ld_text(text) == Truncator(text).chars(JSON_LD_TEXT_LENGTH)


# Who wrote and checked the article, and what it rests on: the JSON-LD says what the page shows.


def shown_names(text, list_class):
    """The names the page's byline line of that kind links to their introduction."""
    byline = re.search(r'<ul class="article__byline">(.*?)</ul>', text, re.S).group(1)
    line = next(item for item in byline.split("<li>") if item.startswith(list_class))
    return re.findall(r'<a href="#person-\d+">([^<]+)</a>', line)


@pytest.fixture
def trusted_article(make_article):
    from articles.models import ArticleChange, Person, Source

    article = make_article(
        body="Botox helps [1].",
        reviewed_at="2026-03-02",
        reviewer=Person.objects.create(name="Ana Ruiz", credentials="MD", bio="A neurologist."),
    )
    article.authors.add(Person.objects.create(name="Sam Lee", url="https://example.org/sam"))
    article.authors.add(Person.objects.create(name="Kim Park", credentials="RN"))
    Source.objects.create(article=article, position=1, title="Toxin trial", year=2020)
    Source.objects.create(article=article, position=2, title="Surgery", doi="10.1/abc")
    ArticleChange.objects.create(article=article, description="Added the sources.")
    return article


def test_json_ld_names_the_authors_and_reviewer_the_page_shows(client, trusted_article):
    response = client.get(trusted_article.get_absolute_url())
    data = json_ld(response)

    assert [author["name"] for author in data["author"]] == shown_names(response.text, "Written")
    assert [data["reviewedBy"]["name"]] == shown_names(response.text, "Medically")
    assert data["reviewedBy"]["honorificSuffix"] == "MD"
    assert "Ana Ruiz</a>, MD</li>" in response.text


def test_json_ld_cites_the_sources_the_page_lists_in_order(client, trusted_article):
    response = client.get(trusted_article.get_absolute_url())
    citations = json_ld(response)["citation"]

    listed = re.findall(
        r'<li class="source" id="source-\d+">\s*(?:<a href="([^"]+)">)?([^<]+?)\s*<', response.text
    )
    assert [(citation.get("url", ""), citation["name"]) for citation in citations] == listed
    assert citations[1]["url"] == "https://doi.org/10.1/abc"


def test_json_ld_last_reviewed_and_date_modified_are_the_pages_dates(client, trusted_article):
    response = client.get(trusted_article.get_absolute_url())
    data = json_ld(response)

    updated = re.search(r'Updated <time datetime="([^"]+)">', response.text).group(1)
    modified = datetime.fromisoformat(data["dateModified"]).replace(microsecond=0)
    assert modified == datetime.strptime(updated, "%Y-%m-%dT%H:%M:%S%z")
    assert f'Last reviewed <time datetime="{data["lastReviewed"]}">' in response.text


def test_json_ld_names_the_site_as_publisher(client, seed_article):
    publisher = json_ld(client.get(seed_article.get_absolute_url()))["publisher"]

    assert publisher == {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": f"{settings.SITE_URL}/",
    }


def test_json_ld_claims_no_author_reviewer_or_source_the_page_does_not_show(client, seed_article):
    data = json_ld(client.get(seed_article.get_absolute_url()))

    assert not {"author", "reviewedBy", "citation"} & data.keys()
