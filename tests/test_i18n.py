"""The site in the reader's language: negotiation (the switcher's cookie, Accept-Language,
LANGUAGE_CODE), kept pages that never mix languages, `lang` on the page, the article and each
comment, emails in the poster's language, and the checks that keep every string translated."""

import ast
import gettext
import html.parser
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.base import Lexer, TokenType
from django.test import Client
from django.utils import translation

from articles import kept_pages
from comments import emails
from comments.models import Comment
from comments.services import comment_set_status
from portability.importer import import_records
from portability.records import ArticleRecord, CommentRecord

BASE_DIR = Path(settings.BASE_DIR)
SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def html_lang(response):
    return re.search(r'<html lang="([^"]*)">', response.text)[1]


def reader(language):
    """GET as a reader whose browser asks for `language` (None: asks for none)."""

    def get(path, **headers):
        if language:
            headers["HTTP_ACCEPT_LANGUAGE"] = language
        return Client().get(path, **headers)

    return get


# The switcher.


def switch(language, next_url="/", **headers):
    client = Client()
    response = client.post(
        "/language/", {"language": language, "next": next_url}, **{**SAME_SITE, **headers}
    )
    return client, response


def test_the_switcher_sets_the_language_cookie_for_a_year(db):
    _, response = switch("es")
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "es"
    assert cookie["max-age"] == 365 * 24 * 3600
    assert cookie["samesite"] == "Lax" and cookie["httponly"]


def test_the_switcher_sends_the_reader_back_to_their_page_and_place(article):
    place = f"{article.get_absolute_url()}?page=2"
    _, response = switch("de", place)
    assert response.status_code == 302
    assert response["Location"] == place


def test_after_switching_the_reader_reads_the_site_in_that_language(article):
    client, _ = switch("fr")
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de")
    assert html_lang(response) == "fr"
    assert response["Content-Language"] == "fr"


def test_the_switcher_refuses_a_post_from_another_site(db):
    _, response = switch("es", HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize(
    "next_url", ["https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)"]
)
def test_the_switcher_never_sends_the_reader_to_another_site(db, next_url):
    _, response = switch("es", next_url)
    assert response["Location"] == "/"


def test_the_switcher_refuses_a_language_the_site_does_not_offer(db):
    _, response = switch("it")
    assert response.status_code == 400
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_switcher_offers_the_other_languages_each_named_in_its_own(article):
    text = reader("es")(article.get_absolute_url()).text
    form = text[text.index('class="language-switch"') :]
    assert 'lang="de">Deutsch</button>' in form
    assert 'lang="fr">Français</button>' in form
    assert 'lang="en">English</button>' in form
    assert 'value="es"' not in form
    assert f'name="next" value="{article.get_absolute_url()}"' in form


def test_the_switcher_on_a_posts_answer_sends_the_reader_back_to_the_article(article, comment_data):
    del comment_data["body"]  # the form comes back with what to fix
    response = Client().post(f"{article.get_absolute_url()}comments/", comment_data, **SAME_SITE)
    assert f'name="next" value="{article.get_absolute_url()}"' in response.text


# Which language a reader gets.


def test_a_reader_gets_the_language_their_browser_asks_for(article):
    response = reader("es-MX,es;q=0.9,en;q=0.5")(article.get_absolute_url())
    assert html_lang(response) == "es"
    assert response["Content-Language"] == "es"


def test_a_language_the_site_does_not_offer_gets_the_sites_own(article):
    assert html_lang(reader("it,pt;q=0.8")(article.get_absolute_url())) == "en"


def test_the_site_speaks_its_own_language_to_a_browser_that_asks_for_none(article, settings):
    settings.LANGUAGE_CODE = "de"
    assert html_lang(reader(None)(article.get_absolute_url())) == "de"


def test_a_site_language_that_is_not_offered_stops_the_site_from_starting():
    result = subprocess.run(
        [sys.executable, "-c", "import hfs_site.settings"],
        cwd=BASE_DIR,
        env={"DJANGO_LANGUAGE_CODE": "it", "DJANGO_SECRET_KEY": "x", "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_LANGUAGE_CODE must be one of en, es, fr, de" in result.stderr


@pytest.mark.parametrize("path", ["/", "/about/", "/search/?q=botox", "/no-such-page/"])
def test_every_page_says_its_language(seed_article, path):
    assert html_lang(reader("fr")(path)) == "fr"


def test_the_cross_site_refusal_page_says_its_language(db):
    _, response = switch("es", HTTP_SEC_FETCH_SITE="cross-site", HTTP_ACCEPT_LANGUAGE="de")
    assert html_lang(response) == "de"


# Kept pages: one copy for each language, and caches told so.


def test_a_spanish_reader_never_gets_the_english_kept_page(article):
    english = reader("en")(article.get_absolute_url())
    spanish = reader("es")(article.get_absolute_url())
    assert (html_lang(english), html_lang(spanish)) == ("en", "es")
    assert spanish["ETag"] != english["ETag"]


def test_an_english_reader_never_gets_the_spanish_kept_page(article):
    reader("es")(article.get_absolute_url())
    assert html_lang(reader("en")(article.get_absolute_url())) == "en"


def test_the_home_page_is_kept_for_each_language_too(seed_article):
    german, english = reader("de")("/"), reader("en")("/")
    assert (html_lang(german), html_lang(english)) == ("de", "en")
    assert german["ETag"] != english["ETag"]


def test_a_reader_who_asks_for_the_sites_language_shares_the_default_copy(article):
    default = reader(None)(article.get_absolute_url())
    english = reader("en-GB,en;q=0.9")(article.get_absolute_url())
    assert english.content == default.content
    assert english["ETag"] == default["ETag"]


def test_another_languages_etag_gets_the_page_not_a_304(article):
    etag = reader("en")(article.get_absolute_url())["ETag"]
    response = reader("es")(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["", "?page=1", "?replytocom=1"])
def test_every_public_page_tells_caches_it_varies_by_language(article, path):
    response = reader("es")(f"{article.get_absolute_url()}{path}")
    assert "public" in response["Cache-Control"]
    assert response["Vary"] == "Accept-Language, Cookie"


def test_a_kept_page_is_sent_with_its_language_headers(article):
    reader("es")(article.get_absolute_url())
    kept = reader("es")(article.get_absolute_url())
    assert kept["Content-Language"] == "es"
    assert kept["Vary"] == "Accept-Language, Cookie"


def test_a_kept_page_in_another_language_costs_one_query(article, django_assert_num_queries):
    """The article's page version, as in the site's own language."""
    reader("de")(article.get_absolute_url())
    with django_assert_num_queries(1):
        reader("de")(article.get_absolute_url())


@pytest.fixture
def locale_folder(settings, tmp_path):
    """A release read from a folder of this test's own, with a compiled translation."""
    settings.BASE_DIR = tmp_path
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    folder = tmp_path / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    kept_pages.release.cache_clear()
    yield folder
    kept_pages.release.cache_clear()


def test_a_new_translation_is_a_new_release(locale_folder):
    (locale_folder / "django.mo").write_bytes(b"one translation")
    before = kept_pages.release()
    kept_pages.release.cache_clear()
    (locale_folder / "django.mo").write_bytes(b"another translation")
    assert kept_pages.release() != before


# `lang` on what is written in another language than the page's.


def comment_body(response, comment):
    """The opening tag of the comment's text."""
    card = response.text[response.text.index(f'id="comment-{comment.pk}"') :]
    return re.search(r'<div class="comment__body"[^>]*>', card)[0]


def test_a_comment_in_another_language_says_which(article, make_comment):
    comment = make_comment(article, language="es")
    response = reader("en")(article.get_absolute_url())
    assert comment_body(response, comment) == '<div class="comment__body" lang="es">'


def test_a_comment_in_the_pages_language_says_nothing_more(article, make_comment):
    comment = make_comment(article, language="es")
    response = reader("es")(article.get_absolute_url())
    assert comment_body(response, comment) == '<div class="comment__body">'


def test_a_comment_of_unknown_language_is_read_as_its_articles(make_article, make_comment):
    article = make_article(language="de")
    comment = make_comment(article, language="")
    response = reader("en")(article.get_absolute_url())
    assert comment_body(response, comment) == '<div class="comment__body" lang="de">'


def test_an_article_in_another_language_says_which(make_article):
    article = make_article(language="de", title="Hemifazialer Spasmus")
    text = reader("en")(article.get_absolute_url()).text
    assert '<h1 class="article__title" lang="de">Hemifazialer Spasmus</h1>' in text
    assert '<div class="article__body" lang="de">' in text


def test_an_article_in_the_pages_language_says_nothing_more(make_article):
    article = make_article(language="de", title="Hemifazialer Spasmus")
    text = reader("de")(article.get_absolute_url()).text
    assert '<h1 class="article__title">Hemifazialer Spasmus</h1>' in text


def test_an_articles_title_on_the_home_page_says_its_language(make_article):
    make_article(language="fr", title="Le spasme hémifacial")
    text = reader("en")("/").text
    assert re.search(r'<h3 class="article-list__title" lang="fr"><a [^>]*>Le spasme', text)


def test_a_new_article_is_in_the_sites_language(make_article, settings):
    settings.LANGUAGE_CODE = "fr"
    assert make_article().language == "fr"


def test_an_editor_sets_an_articles_language_in_the_admin(admin_client, article):
    page = admin_client.get(f"/{settings.ADMIN_URL}articles/article/{article.pk}/change/").text
    assert 'name="language"' in page
    assert "The language the article is written in" in page


def test_an_articles_language_must_be_a_language_code(article):
    article.language = "Spanish"
    with pytest.raises(ValidationError):
        article.full_clean()


def test_the_seed_article_and_its_comments_are_english(seed_article):
    assert seed_article.language == "en"
    assert set(seed_article.comments.values_list("language", flat=True)) == {"en"}


def test_imported_comments_are_taken_to_be_in_their_articles_language(make_article):
    article = make_article(language="de")
    link = f"https://old.example.com{article.get_absolute_url()}"
    thread = ArticleRecord(source_id="t1", title="", slug="", body="", link=link, match_only=True)
    reply = CommentRecord("c1", "t1", author_name="Pat", body="Genauso.", status="approved")
    import_records([thread, reply], source="test https://old.example.com")
    assert article.comments.get().language == "de"


# The comment form's "Written in".


def written_in(text):
    start = text.index('<select name="language"')
    return text[start : text.index("</select>", start)]


def test_the_form_asks_which_language_the_comment_is_in_preselecting_the_pages(article):
    select = written_in(reader("de")(article.get_absolute_url()).text)
    assert '<option value="de" selected lang="de">Deutsch</option>' in select
    assert '<option value="ja" lang="ja">日本語</option>' in select
    assert '<option value="">' in select  # another language


def test_the_language_chosen_is_stored_with_the_comment(article, comment_data):
    comment_data["language"] = "es"
    Client().post(f"{article.get_absolute_url()}comments/", comment_data, **SAME_SITE)
    assert Comment.objects.get(article=article).language == "es"


# Emails: the poster's in their comment's language, the moderators' in the site's.


@pytest.fixture
def languages_rendered(monkeypatch):
    """Each email template rendered, with the language active while it was: name → language."""
    rendered = {}
    render = emails.render_to_string

    def recording(name, *args, **kwargs):
        rendered[name.rsplit("/", 1)[-1]] = translation.get_language()
        return render(name, *args, **kwargs)

    monkeypatch.setattr(emails, "render_to_string", recording)
    return rendered


@pytest.fixture
def approve(moderator, django_capture_on_commit_callbacks):
    """Approve the comment as a moderator whose own interface is German, sending its emails."""

    def run(comment):
        with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
            comment_set_status(
                Comment.objects.filter(pk=comment.pk), status="approved", by=moderator
            )

    return run


def test_the_approval_email_speaks_the_comments_language(
    article, make_comment, approve, languages_rendered, mailoutbox
):
    approve(make_comment(article, status="pending", language="es", notify_on_approval=True))
    assert languages_rendered["approved.txt"] == "es"
    assert len(mailoutbox) == 1


def test_a_posters_email_in_a_language_the_site_does_not_offer_speaks_the_sites(
    article, make_comment, approve, languages_rendered, settings
):
    settings.LANGUAGE_CODE = "fr"
    approve(make_comment(article, status="pending", language="pt", notify_on_approval=True))
    assert languages_rendered["approved.txt"] == "fr"


def test_a_spanish_posters_link_email_is_spanish_and_the_moderators_english(
    article, comment_data, moderator, languages_rendered, django_capture_on_commit_callbacks
):
    comment_data.update(language="es", email_status_link="on")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            f"{article.get_absolute_url()}comments/",
            comment_data,
            HTTP_ACCEPT_LANGUAGE="es",
            **SAME_SITE,
        )
    assert languages_rendered["poster_links.txt"] == "es"
    assert languages_rendered["moderator_notification.txt"] == "en"


# The checks that keep every string translated.

# Text a template may show untranslated: names, formats and symbols that read the same in
# every language.
ALLOWED_TEXT = {"RSS", "Atom", "YouTube", "Vimeo"}
# Files that are not user-facing text: robots.txt is read by crawlers.
NOT_USER_FACING = {"robots.txt"}
# Attributes whose value a reader sees or hears.
SHOWN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description"}
# Elements whose text is not words: code, and keys to press (the same on every keyboard).
NOT_SHOWN = {"script", "style", "kbd"}
# Blocks that fill an attribute with names, not words.
NOT_TEXT_BLOCKS = {"bodyclass"}
# What the template language puts in the page stands for itself: a letterless character that
# HTML allows in a tag's name too (`<h{{ level }}>`).
PLACEHOLDER = "\ue000"


def untranslated_text(source):
    """The page's text outside translation tags, with template tags and variables blanked:
    the text of each tag not inside {% translate %}, {% blocktranslate %} or a comment."""
    skeleton, skipping = [], None
    closing = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
    closing |= {"comment": "endcomment", "verbatim": "endverbatim"}
    for token in Lexer(source).tokenize():
        name = token.split_contents()[0] if token.token_type == TokenType.BLOCK else ""
        if skipping:
            skipping = None if name == skipping else skipping
        elif name in closing:
            skipping = closing[name]
            skeleton.append(PLACEHOLDER)
        elif name == "block" and token.split_contents()[1] in NOT_TEXT_BLOCKS:
            skipping = "endblock"
        elif token.token_type == TokenType.TEXT:
            skeleton.append(token.contents)
        elif token.token_type != TokenType.COMMENT:
            skeleton.append(PLACEHOLDER)
    return "".join(skeleton)


class ShownText(html.parser.HTMLParser):
    """The words a reader sees or hears in an HTML skeleton: text, and the attributes above."""

    def __init__(self):
        super().__init__()
        self.found, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in NOT_SHOWN
        attrs = dict(attrs)
        shown = [attrs.get(name) for name in SHOWN_ATTRIBUTES]
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
            shown.append(attrs.get("value"))
        if tag == "meta" and attrs.get("name") == "description":
            shown.append(attrs.get("content"))
        self.found += [value for value in shown if value]

    def handle_endtag(self, tag):
        self.hidden -= tag in NOT_SHOWN and self.hidden > 0

    def handle_data(self, data):
        if not self.hidden:
            self.found.append(data)


def english_outside_translation(path):
    """Each piece of user-facing text in the template at `path` that is not translated."""
    skeleton = untranslated_text(path.read_text())
    if path.suffix == ".html":
        parser = ShownText()
        parser.feed(skeleton)
        parser.close()
        pieces = parser.found
    else:
        pieces = [skeleton]
    words = []
    for piece in pieces:
        for text in piece.split(PLACEHOLDER):
            text = " ".join(text.split())
            if re.search(r"[^\W\d_]", text) and text.strip(" .,:;·()[]|/-") not in ALLOWED_TEXT:
                words.append(text)
    return words


TEMPLATES = sorted(
    path
    for pattern in ("*.html", "*.txt")
    for path in (BASE_DIR / "templates").rglob(pattern)
    if path.name not in NOT_USER_FACING
)


# Fails until every template is marked for translation (the i18n-templates part of issue 17):
# its message lists each template and the English found outside a translation tag.
def test_no_template_shows_english_outside_a_translation_tag():
    found = {
        str(path.relative_to(BASE_DIR)): words
        for path in TEMPLATES
        if (words := english_outside_translation(path))
    }
    assert not found, "\n".join(f"{name}: {words}" for name, words in found.items())


def test_the_template_check_finds_english_text_and_attributes(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}<p title="Hover text">{% translate "Fine" %} Plain words</p>'
        "{% blocktranslate %}Also fine {{ n }}{% endblocktranslate %}{{ name }} · RSS"
        '<img alt="A picture"><input type="submit" value="Send"><script>var a = "x";</script>'
    )
    assert english_outside_translation(page) == ["Hover text", "Plain words", "A picture", "Send"]


OFFERED = [code for code, _ in settings.LANGUAGES if code != "en"]


PO_FIELD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def po_entries(path):
    """(flags, msgctxt, msgid, msgid_plural, [msgstr...]) of each live entry of a .po file."""
    entries = []
    for block in path.read_text().split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        fields, flags, current = {}, "", None
        for line in lines:
            if line.startswith("#,"):
                flags += line
            elif match := re.match(
                r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line
            ):
                current = match[1]
                fields[current] = ast.literal_eval(match[2])  # C escapes read as Python's
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        strings = [value for key, value in fields.items() if key.startswith("msgstr")]
        entries.append(
            (flags, fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"), strings)
        )
    return entries


@pytest.mark.parametrize("language", OFFERED)
def test_every_string_is_translated_and_none_is_fuzzy(language):
    po = BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    entries = po_entries(po)
    assert entries
    fuzzy = [msgid or "(the header)" for flags, _, msgid, _, _ in entries if "fuzzy" in flags]
    untranslated = [msgid for _, _, msgid, _, strings in entries if msgid and not all(strings)]
    assert not fuzzy, f"fuzzy in {po}: {fuzzy}"
    assert not untranslated, f"untranslated in {po}: {untranslated}"


@pytest.mark.parametrize("language", OFFERED)
def test_each_compiled_translation_is_its_po_file(language):
    po = BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    with open(po.with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for _, context, msgid, plural, strings in po_entries(po):
        if not msgid:
            continue
        if plural and context:
            got = compiled.npgettext(context, msgid, plural, 1)
        elif plural:
            got = compiled.ngettext(msgid, plural, 1)
        else:
            got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
        assert got == strings[0], f"{po.with_suffix('.mo')} is not {po} compiled: {msgid!r}"
