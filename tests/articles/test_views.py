import re

from articles.models import Article


def test_home_lists_the_published_articles(client, seed_article, make_article):
    draft = make_article(title="Secret draft", status=Article.Status.DRAFT)
    response = client.get("/")
    assert response.status_code == 200
    assert seed_article.title in response.text
    assert seed_article.get_absolute_url() in response.text
    assert draft.title not in response.text


def test_article_page_shows_title_date_and_full_text(client, seed_article):
    response = client.get("/articles/hemifacial-spasm/")
    assert response.status_code == 200
    assert "<h1" in response.text and "Hemifacial Spasm</h1>" in response.text
    assert "May 19, 2010" in response.text
    assert "Do you think you have hemifacial spasm?" in response.text
    assert "interferes with your daily life." in response.text


def test_seed_comments_are_shown_oldest_first_with_their_original_dates(client, seed_article):
    text = client.get(seed_article.get_absolute_url()).text
    expected = [
        ("Tracy Perkins", "On May 20, 2010 at 9:45 am"),
        ("Shirley", "On July 5, 2010 at 3:49 am"),
        ("dave", "On October 18, 2010 at 11:12 am"),
    ]
    positions = [text.index(name) for name, _ in expected]
    assert positions == sorted(positions)
    for _, date in expected:
        assert date in text
    assert "3 comments" in text


def test_unpublished_article_is_not_found(client, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_unknown_article_is_a_404_page_in_the_site_style(client, db):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_article_page_uses_a_fixed_number_of_queries(
    client, article, make_comment, django_assert_max_num_queries
):
    """The comment list comes from one query however many comments there are (no N+1)."""
    for index in range(30):
        make_comment(article, body=f"Comment {index}")
    with django_assert_max_num_queries(4):
        response = client.get(article.get_absolute_url())
    assert len(re.findall(r'class="comment"', response.text)) == 30


def test_favicon_address_redirects_to_the_static_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
