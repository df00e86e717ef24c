"""What a reader sees of who wrote and checked an article, what it rests on and what changed;
and the dates search engines and feed readers are told it changed on."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleChange, Person, Source, Video
from articles.rendering import link_citations, render_body

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def page_text(article):
    return Client().get(article.get_absolute_url()).text


def section(text, name):
    """The HTML of the page's section of that class (article-sources, article-people…)."""
    match = re.search(rf'<section class="{name}".*?</section>', text, re.S)
    return match.group(0) if match else None


@pytest.fixture
def person(db):
    def make(name, **fields):
        return Person.objects.create(name=name, **fields)

    return make


@pytest.fixture
def trusted_article(make_article, person):
    """An article with an author, a reviewer, two cited sources and a change log."""
    article = make_article(
        body="Botulinum toxin helps most people [1]. Surgery can cure it [2].",
        reviewed_at=datetime.date(2026, 3, 2),
        reviewer=person("Ana Ruiz", credentials="MD, neurologist", bio="Sees patients weekly."),
    )
    article.authors.add(person("Sam Lee", credentials="RN", url="https://example.org/sam"))
    Source.objects.create(article=article, position=1, title="Toxin trial", publisher="Neurology")
    Source.objects.create(article=article, position=2, title="Decompression", doi="10.1/abc")
    ArticleChange.objects.create(
        article=article, changed_on=datetime.date(2026, 3, 2), description="Added surgery."
    )
    return article


# Who wrote and checked it


def test_an_article_with_no_known_author_or_reviewer_names_no_one(seed_article):
    text = page_text(seed_article)

    assert "Written by" not in text
    assert "reviewed by" not in text
    assert 'class="article-people"' not in text


def test_the_byline_names_the_authors_with_their_credentials(trusted_article, person):
    trusted_article.authors.add(person("Kim Park"))
    text = page_text(trusted_article)

    kim, sam = Person.objects.get(name="Kim Park"), Person.objects.get(name="Sam Lee")
    assert (
        f'Written by <a href="#person-{kim.pk}">Kim Park</a>; '
        f'<a href="#person-{sam.pk}">Sam Lee</a>, RN</li>'
    ) in text


def test_the_byline_names_the_medical_reviewer(trusted_article):
    reviewer = trusted_article.reviewer
    text = page_text(trusted_article)

    assert (
        f'Medically reviewed by <a href="#person-{reviewer.pk}">Ana Ruiz</a>, MD, neurologist'
    ) in text


def test_each_person_is_introduced_with_what_they_did(trusted_article):
    people = section(page_text(trusted_article), "article-people")

    assert '<a href="https://example.org/sam">Sam Lee</a>' in people
    assert ", MD, neurologist</span>" in people
    assert "Wrote this article." in people
    assert (
        'Medically reviewed this article on <time datetime="2026-03-02">March 2, 2026</time>.'
    ) in people
    assert "Sees patients weekly." in people


def test_a_person_who_wrote_and_reviewed_is_introduced_once(trusted_article):
    trusted_article.authors.add(trusted_article.reviewer)
    people = section(page_text(trusted_article), "article-people")

    assert people.count(f'id="person-{trusted_article.reviewer.pk}"') == 1
    assert "Wrote this article and medically reviewed it on" in people


def test_renaming_a_person_changes_the_kept_page(trusted_article):
    page_text(trusted_article)
    reviewer = trusted_article.reviewer
    reviewer.name = "Ana Ruiz-Soto"
    reviewer.save()

    assert "Ana Ruiz-Soto" in page_text(trusted_article)


# Sources and citations


def test_sources_are_numbered_in_their_order_with_a_link_to_each(trusted_article):
    sources = section(page_text(trusted_article), "article-sources")

    assert sources.index('id="source-1"') < sources.index('id="source-2"')
    assert "Toxin trial <span" in sources and "(Neurology)" in sources
    assert '<a href="https://doi.org/10.1/abc">Decompression</a>' in sources


def test_a_citation_links_to_its_source_and_the_source_back_to_it(trusted_article):
    text = page_text(trusted_article)

    assert '<a class="citation" href="#source-1" id="cite-1">[1]</a>' in text
    assert '<a class="source__back" href="#cite-1">' in text


def test_a_source_the_text_does_not_cite_has_no_link_back(trusted_article):
    Source.objects.create(article=trusted_article, position=3, title="Further reading")
    sources = section(page_text(trusted_article), "article-sources")

    assert 'href="#cite-3"' not in sources
    assert sources.count('class="source__back"') == 2


def test_a_number_with_no_source_stays_plain_text(trusted_article):
    trusted_article.body = "See [3] and [2]."
    trusted_article.save()
    text = page_text(trusted_article)

    assert "See [3] and <a" in text
    assert 'href="#source-3"' not in text


def test_without_sources_the_text_keeps_its_brackets_and_shows_no_list(article):
    article.body = "As shown [1]."
    article.save()
    text = page_text(article)

    assert "As shown [1]." in text
    assert 'class="article-sources"' not in text


def test_only_the_first_citation_of_a_source_is_its_anchor():
    parts, cited = link_citations(render_body("A [1]. B [1].", {}), 1)

    html = parts[0][1]
    assert html.count('id="cite-1"') == 1
    assert html.count('href="#source-1"') == 2
    assert cited == [1]


def test_citations_are_numbered_across_video_blocks():
    parts, cited = link_citations(render_body("A [2].\n\n[video: v]\n\nB [2] [1].", {}), 2)

    html = "".join(part for kind, part in parts)
    assert html.count('id="cite-2"') == 1
    assert cited == [2, 1]


def test_brackets_in_code_or_in_a_link_are_not_citations():
    text = "`x[1]` and [see [1]](https://example.org/) and\n\n    code [1]"
    parts, cited = link_citations(render_body(text, {}), 1)

    assert "citation" not in parts[0][1]
    assert cited == []


def test_adding_a_source_changes_the_kept_page(trusted_article):
    page_text(trusted_article)
    Source.objects.create(article=trusted_article, position=3, title="A new review")

    assert "A new review" in page_text(trusted_article)


# What changed


def test_the_change_log_lists_its_entries_newest_first(trusted_article):
    ArticleChange.objects.create(
        article=trusted_article, changed_on=datetime.date(2026, 5, 1), description="New figures."
    )
    changes = section(page_text(trusted_article), "article-changes")

    assert changes.index("New figures.") < changes.index("Added surgery.")
    assert '<time datetime="2026-05-01">May 1, 2026</time>' in changes


def test_the_change_log_is_marked_in_the_articles_language(trusted_article):
    trusted_article.language = "de"
    trusted_article.save()
    changes = section(page_text(trusted_article), "article-changes")

    assert '<span class="change__text" lang="de">Added surgery.</span>' in changes


def test_an_article_without_a_change_log_shows_none(seed_article):
    assert 'class="article-changes"' not in page_text(seed_article)


# Reporting an error


def test_the_page_links_to_reporting_an_error_in_it(seed_article):
    url = reverse("articles:report_error", kwargs={"slug": seed_article.slug})

    assert f'<a href="{url}">Report an error in this article</a>' in page_text(seed_article)


# What the page costs


def add_trust_rows(article, person, count):
    for index in range(count):
        article.authors.add(person(f"Author {index}"))
        Source.objects.create(article=article, position=index, title=f"Source {index}")
        ArticleChange.objects.create(article=article, description=f"Change {index}")


@pytest.mark.parametrize("count", [1, 10])
def test_the_page_costs_the_same_queries_however_many_people_sources_and_changes(
    article, person, settings, count, django_assert_num_queries
):
    """The article with its reviewer, then one query each for its videos, authors, sources,
    change log and the page's comment threads: never one per row."""
    settings.COMMENTS_PAGE_CACHE = 0
    article.reviewer = person("Reviewer")
    article.save()
    add_trust_rows(article, person, count)
    with django_assert_num_queries(6):
        text = page_text(article)
    assert text.count('class="source"') == count


# The dates search engines and feed readers are told


def test_a_later_change_log_entry_dates_the_change(article, client, settings):
    article.updated_at = timezone.now() - datetime.timedelta(days=30)
    article.save(update_fields=["updated_at"])
    ArticleChange.objects.create(article=article, changed_on=timezone.localdate(), description="x")

    sitemap = ET.fromstring(client.get(reverse("seo:sitemap")).content)
    lastmods = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in sitemap.iter(f"{SITEMAP}url")
    }
    assert lastmods[settings.SITE_URL + article.get_absolute_url()] == str(timezone.localdate())


def test_an_earlier_change_log_entry_leaves_the_text_date(article):
    ArticleChange.objects.create(
        article=article, changed_on=datetime.date(2001, 1, 1), description="Old change."
    )
    article.refresh_from_db()

    assert article.modified_at == article.updated_at


def test_the_feed_is_updated_by_the_change_log(article, client):
    ArticleChange.objects.create(
        article=article,
        changed_on=timezone.localdate() + datetime.timedelta(days=1),
        description="Tomorrow's entry.",
    )
    feed = ET.fromstring(client.get(reverse("articles:feed_atom")).content)

    updated = datetime.datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    assert updated.date() == timezone.localdate() + datetime.timedelta(days=1)


def test_videos_and_people_do_not_date_a_change(seed_article, person):
    Video.objects.create(article=seed_article, key="new", caption="A new video")
    seed_article.authors.add(person("Sam Lee"))
    seed_article.refresh_from_db()

    assert seed_article.modified_at == seed_article.updated_at


def test_a_text_changed_after_its_publication_says_when(article):
    article.body = "A corrected text."
    article.save()

    updated = timezone.localtime(article.updated_at)
    assert f'Updated <time datetime="{updated:%Y-%m-%dT%H:%M:%S%z}">' in page_text(article)


def test_an_article_unchanged_since_its_publication_says_no_update(seed_article):
    assert "Updated" not in page_text(seed_article)
