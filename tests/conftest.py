"""Shared fixtures. The seed article and its three comments exist in every test database
(they are loaded by migrations), so tests that need a clean slate make their own article."""

import os
import time
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import TestCase, TransactionTestCase
from django.utils import timezone

from articles.models import Article
from comments.forms import form_timestamp
from comments.models import Comment


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests in the order their database handling needs, as the last word on order.

    pytest-django orders them as Django does: rolled-back tests, then committing ones
    (transaction=True, live_server), then those without a database. pytest may regroup tests
    afterwards by a session parameter (pytest-playwright's browser), so that order is restored
    here. Among committing tests, those that put the migrations' seed data back
    (serialized_rollback, e.g. the browser journeys) go first: a committing test without it
    empties the tables and re-creates content types, which a later serialized_rollback would
    then insert a second time.
    """

    def order(item):
        cls = getattr(item, "cls", None)
        if cls and issubclass(cls, TransactionTestCase):
            return (0 if issubclass(cls, TestCase) else 1, True)
        marker = item.get_closest_marker("django_db")
        options = marker.kwargs if marker else {}
        fixtures = set(getattr(item, "fixturenames", ()))
        if options.get("transaction") or fixtures & {"transactional_db", "live_server"}:
            return (1, not options.get("serialized_rollback"))
        return (0 if marker or "db" in fixtures else 2, True)

    items.sort(key=order)


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


@pytest.fixture(autouse=True)
def own_cache(settings):
    """Every test gets caches of its own, empty (rate-limit counts, kept article pages).

    On a run with Redis (`make test-pg`): the run's Redis database, under a key prefix of this
    test's own, so nothing is flushed. Otherwise: a local-memory cache of its own, never the
    database cache of a site running on this machine. Each worker's local copies of pages
    (CACHES["local"]) are a local-memory cache of the test's own too."""
    default = settings.CACHES["default"]
    if default["BACKEND"].endswith("RedisCache"):
        own = {**default, "KEY_PREFIX": f"{default.get('KEY_PREFIX', '')}-{uuid.uuid4().hex}"}
    else:
        own = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        own["LOCATION"] = uuid.uuid4().hex
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {"default": own, "local": {**local, "LOCATION": uuid.uuid4().hex}}
    yield cache


@pytest.fixture(scope="session")
def ledger_folder(tmp_path_factory):
    """A folder of this test session's own for erasure ledgers, also for the sites that tests
    start (DJANGO_ERASURE_LEDGER, inherited), never the project's var/ a running site uses."""
    folder = tmp_path_factory.mktemp("ledgers")
    os.environ["DJANGO_ERASURE_LEDGER"] = str(folder / "servers-erasure-ledger")
    return folder


@pytest.fixture(autouse=True)
def erasure_ledger(settings, ledger_folder):
    """Every test gets an erasure ledger of its own (comments/privacy.py), not yet written."""
    settings.ERASURE_LEDGER_PATH = ledger_folder / uuid.uuid4().hex / "erasure-ledger"
    return settings.ERASURE_LEDGER_PATH


@pytest.fixture
def comment_data():
    """A valid comment form post, from a form shown a minute ago (as a person would), that the
    privacy check lets through: signed with a first name, no phone number or address."""
    return {
        "author_name": "Maria",
        "author_email": "maria@example.com",
        "author_url": "",
        "body": "My left eye started twitching last spring.\n\nBotox helped me a lot.",
        "homepage": "",
        "timestamp": form_timestamp(time.time() - 60),
    }


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_superuser("mod", "mod@example.com", "a-long-password")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """Static files collected as `make run` does, for tests running gunicorn.

    They go to a folder of this test session's own (DJANGO_STATIC_ROOT, inherited by every
    server the tests start), never to the project's staticfiles/ that a running site serves.
    """
    from tests.servers import manage, site_env

    os.environ["DJANGO_STATIC_ROOT"] = str(tmp_path_factory.mktemp("static"))
    manage("collectstatic", "--noinput", "--verbosity", "0", env=site_env())


@pytest.fixture
def member_of(client, django_user_model):
    """Log in a staff user who is in the named group alone."""

    def login(group):
        user = django_user_model.objects.create_user(
            group.lower(), f"{group.lower()}@example.com", is_staff=True
        )
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        return client

    return login
