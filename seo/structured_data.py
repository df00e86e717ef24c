"""The structured data (JSON-LD) of an article page: its part of the page's context
(registered in SeoConfig.ready(), see articles/page_parts.py). The template writes it with
`{% json_ld %}`."""

from django.conf import settings
from django.utils.text import Truncator

# Each comment's text is cut to this many characters: the whole text is on the page itself,
# and repeating it here made a page of long stories a third heavier for readers on phones.
JSON_LD_TEXT_LENGTH = 280


def json_ld_text(text):
    """The text cut to JSON_LD_TEXT_LENGTH characters, as Truncator(text).chars() cuts it.

    Truncator normalises the text and walks it character by character to skip combining
    marks, a tenth of the rendering of a page of long comments. ASCII text has neither, so a
    slice gives the same result (tests/test_seo.py)."""
    if not text.isascii():
        return Truncator(text).chars(JSON_LD_TEXT_LENGTH)
    if len(text) <= JSON_LD_TEXT_LENGTH:
        return text
    return text[: JSON_LD_TEXT_LENGTH - 1] + "…"


def person_json_ld(person):
    """A Person as the article's page introduces them."""
    data = {"@type": "Person", "name": person.name}
    if person.credentials:
        data["honorificSuffix"] = person.credentials
    if person.bio:
        data["description"] = person.bio
    if person.url:
        data["url"] = person.url
    return data


def source_json_ld(source):
    """A source the article cites, as its list of sources shows it."""
    data = {"@type": "CreativeWork", "name": source.title}
    if source.publisher:
        data["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.year:
        data["datePublished"] = str(source.year)
    if source.link:
        data["url"] = source.link
    if source.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": source.doi}
    return data


def article_json_ld(request, article, context):
    """A MedicalWebPage with the article's language and dates, who wrote and reviewed it and
    what it cites, as the page shows them (the article view fetched them with it), how many
    comments every reader sees, and those on the page shown, each in its own language (the
    comments' own page of comments: no query of its own)."""
    site = settings.SITE_URL
    url = site + article.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": article.title,
        "headline": article.title,
        "description": article.summary or article.title,
        "inLanguage": article.language,
        "datePublished": article.published_at,
        "dateModified": article.modified_at,
        "isPartOf": {"@type": "WebSite", "name": settings.SITE_NAME, "url": site + "/"},
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME, "url": site + "/"},
        "commentCount": article.comment_count,
    }
    if authors := article.authors.all():
        data["author"] = [person_json_ld(person) for person in authors]
    if article.reviewer:
        data["reviewedBy"] = person_json_ld(article.reviewer)
    if sources := article.sources.all():
        data["citation"] = [source_json_ld(source) for source in sources]
    if comment_page := context.get("comment_page"):
        page_url = site + comment_page.url
        data["comment"] = [
            {
                "@type": "Comment",
                "url": f"{page_url}#comment-{comment.pk}",
                "dateCreated": comment.created_at,
                "text": json_ld_text(comment.body),
                # A comment of unknown language ("") is taken to be in the article's.
                "inLanguage": comment.language or article.language,
                "author": {"@type": "Person", "name": comment.author_name},
            }
            for comment in comment_page.approved_comments()
        ]
    if article.reviewed_at:
        data["lastReviewed"] = article.reviewed_at
    return {"article_json_ld": data}
