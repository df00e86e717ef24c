"""Search in the language each comment and article is written in (search/index.py): on
PostgreSQL each row is stemmed with its language's text-search configuration and the reader's
words are read in every one, whatever the interface language; SQLite stems every row as English
and finds other languages by their words as written."""

import pytest
from django.db import connection
from django.utils import translation

from comments.models import Comment
from search.index import COMMENTS, CONFIG_COLUMN, config_of
from search.queries import PostgreSQLMatcher, search_site

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's text-search configurations"
)

# Spanish stems "espasmos" to espasm and "empeoraron" to empeor; English reads neither so.
SPANISH = "Tengo espasmos en el ojo, y empeoraron con el estrés."


def search_config(comment):
    """The configuration the index read `comment` with."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {CONFIG_COLUMN}::text FROM {COMMENTS.table} WHERE id = %s", [comment.pk]
        )
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.parametrize("interface", ["es", "en"])
def test_a_spanish_comment_is_found_by_spanish_forms_of_its_words_in_any_interface(
    article, make_comment, interface
):
    comment = make_comment(article, body=SPANISH, language="es")
    with translation.override(interface):
        assert search_site("espasmo").comments == [comment]
        assert search_site("empeora").comments == [comment]


@postgresql_only
def test_a_spanish_comment_highlights_the_form_its_text_uses(article, make_comment):
    make_comment(article, body=SPANISH, language="es")
    assert "<mark>empeoraron</mark>" in search_site("empeora").comments[0].excerpt


@postgresql_only
def test_a_spanish_article_is_found_by_spanish_forms_of_its_words(make_article):
    article = make_article(language="es", title="Los espasmos", body="Empeoraron con el estrés.")
    assert search_site("empeora").articles == [article]


def test_an_english_comment_is_found_by_other_english_forms_from_a_spanish_interface(
    article, make_comment
):
    comment = make_comment(article, body="My tremors got worse in the cold.", language="en")
    with translation.override("es"):
        assert search_site("tremor").comments == [comment]


def test_a_comment_in_any_language_is_found_by_its_words_as_written(article, make_comment):
    comment = make_comment(article, body="Mam skurcze powieki od roku.", language="pl")
    assert search_site("skurcze powieki").comments == [comment]


@pytest.mark.parametrize("language", ["en", "es", "pl"])
def test_words_with_apostrophes_and_hyphens_are_found_in_every_language(
    article, make_comment, language
):
    comment = make_comment(article, body="O'Neill's twenty-one visits.", language=language)
    with translation.override("es"):
        assert search_site("o'neill's twenty-one").comments == [comment]


@postgresql_only
def test_a_language_postgresql_does_not_stem_is_read_word_by_word(article, make_comment):
    comment = make_comment(article, body="Mam skurcze powieki od roku.", language="pl")
    assert search_config(comment) == "simple"
    assert search_site("skurcz").comments == []


@postgresql_only
@pytest.mark.parametrize(
    ("language", "config"), [("es", "spanish"), ("pt-BR", "portuguese"), ("", "english")]
)
def test_a_comment_is_read_with_its_language_and_without_one_with_the_sites(
    article, make_comment, language, config
):
    """Test databases are migrated with LANGUAGE_CODE "en": a comment of unknown language is
    read in it, the site's language when migration 0002 ran."""
    assert search_config(make_comment(article, body=SPANISH, language=language)) == config


@postgresql_only
def test_a_comment_whose_language_changes_is_read_again_in_it(article, make_comment):
    comment = make_comment(article, body=SPANISH, language="en")
    assert search_site("empeora").comments == []
    Comment.objects.filter(pk=comment.pk).update(language="es")
    assert search_site("empeora").comments == [comment]


@postgresql_only
def test_an_english_comment_ranks_as_it_did_when_every_row_was_english(article, make_comment):
    comment = make_comment(
        article, body="Microvascular decompression, then microvascular surgery.", language="en"
    )
    matcher = PostgreSQLMatcher(["microvascular", "surgery"])
    [match] = matcher.newest_matches(Comment, COMMENTS, before=None, count=10)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_rank(search_vector, websearch_to_tsquery('english', %s)) "
            "FROM comments_comment WHERE id = %s",
            [matcher.words, comment.pk],
        )
        assert match.rank == cursor.fetchone()[0]


def test_a_language_code_names_the_configuration_of_its_first_part():
    assert config_of("pt-br") == "portuguese"
    assert config_of("DE") == "german"
    assert config_of("zh-hans") == "simple"
