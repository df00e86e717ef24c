"""Shared fixtures. The seed article and its three comments exist in every test database
(they are loaded by migrations), so tests that need a clean slate make their own article."""

import pytest
from django.utils import timezone

from articles.models import Article
from comments.models import Comment


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests run without `collectstatic`, so serve static names unhashed."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def seed_article(db):
    return Article.objects.get(slug="hemifacial-spasm")


@pytest.fixture
def make_article(db):
    """Make a published article open for comments; keyword arguments override the fields."""

    def make(**fields):
        count = Article.objects.count()
        defaults = {
            "title": f"Article {count}",
            "slug": f"article-{count}",
            "body": "Some text.",
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() - timezone.timedelta(days=1),
        }
        return Article.objects.create(**{**defaults, **fields})

    return make


@pytest.fixture
def article(make_article):
    return make_article()


@pytest.fixture
def make_comment(db):
    """Make a comment on an article (approved unless a status is given)."""

    def make(article, **fields):
        defaults = {
            "author_name": "Pat Reader",
            "author_email": "pat@example.com",
            "body": "Thank you for this article.",
            "status": Comment.Status.APPROVED,
            "ip_address": "203.0.113.9",
        }
        return Comment.objects.create(article=article, **{**defaults, **fields})

    return make


@pytest.fixture
def comment_data():
    """A valid comment form post."""
    return {
        "author_name": "Maria Lopez",
        "author_email": "maria@example.com",
        "author_url": "",
        "body": "My left eye started twitching last spring.\n\nBotox helped me a lot.",
    }


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_superuser("mod", "mod@example.com", "a-long-password")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
