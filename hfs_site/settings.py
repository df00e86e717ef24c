"""Settings for the Hemifacial Spasm site.

One file, read from environment variables with safe local defaults. Every variable is listed
in the README. Out of the box the site runs on SQLite, its cache in the same database;
production sets DJANGO_HTTPS=1, DJANGO_ALLOWED_HOSTS, DJANGO_SITE_URL and usually
DATABASE_URL / REDIS_URL.
"""

import ipaddress
import os
import secrets
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_float(name, default):
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def load_or_create_secret_key(path):
    """Return DJANGO_SECRET_KEY, or a key kept in a git-ignored file, made on first use.

    The key is never written in the code. O_EXCL makes two processes starting at once agree on
    one key instead of each writing its own.
    """
    if key := os.environ.get("DJANGO_SECRET_KEY", "").strip():
        return key
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


SECRET_KEY = load_or_create_secret_key(
    Path(os.environ.get("DJANGO_SECRET_KEY_FILE", BASE_DIR / ".secret_key"))
)
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is empty.")

DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, its site asking staff for a second factor (staff/sites.py).
    "staff.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # The sitemap's domain (SITE_ID's Site, kept equal to SITE_URL by hfs_site/apps.py).
    "django.contrib.sites",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Old addresses of an imported site (301 to the new ones), editable in the admin.
    "django.contrib.redirects",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    # Two-factor sign-in for staff: authenticator apps (TOTP) and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "hfs_site",
    "articles",
    "comments",
    "search",
    "seo",
    "portability",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # 304 Not Modified for a GET whose If-None-Match matches the page's ETag.
    "django.middleware.http.ConditionalGetMiddleware",
    # The Content-Security-Policy and Permissions-Policy headers; a 503 while the database is
    # down.
    "hfs_site.middleware.SiteMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An imported site's old addresses answer 301 (django.contrib.redirects' fallback, and
    # WordPress's /?p=123); above the kept pages, so no 301 gets an article page's headers.
    "portability.middleware.OldAddressesMiddleware",
    # Kept article pages, served before the middleware a reader's own page would need.
    "articles.kept_pages.KeptPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface language: the reader's choice (the switcher's cookie), else their
    # Accept-Language, else LANGUAGE_CODE; where Django's docs place it, after the sessions and
    # before CommonMiddleware. The kept pages above it ask the same question themselves.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hfs_site.urls"
WSGI_APPLICATION = "hfs_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL names another (postgres://...).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many readers and a few writers at once: WAL lets reads run beside a write, the busy
    # timeout makes a writer wait instead of failing with "database is locked", and IMMEDIATE
    # transactions take the write lock up front so two writers never deadlock on an upgrade.
    # https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-notes
    # Django's backend, keeping connections only while the file is the one they opened.
    DATABASES["default"]["ENGINE"] = "hfs_site.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA foreign_keys=ON;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when the server is unreachable instead of hanging a worker (and /readyz).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# The test run's own database (default: "test_" + NAME). Set it when several runs share one
# PostgreSQL server, so that they never drop each other's database; `make test-pg` does.
if test_name := os.environ.get("DATABASE_TEST_NAME", "").strip():
    DATABASES["default"]["TEST"] = {"NAME": test_name}

# Cache: Redis when CACHE_URL or REDIS_URL names a server; else Django's database cache, a table
# in the site's own database (made by every `manage.py migrate`: hfs_site/apps.py). Either way
# every process of the site shares it (comment rate limits, kept article pages), and nothing
# in it lives where another user of the machine could write. Nothing else is kept in it, so a
# Redis that stops costs speed, not pages: each use catches its errors (articles/kept_pages.py,
# comments/ratelimit.py), only /readyz says 503 (tests/test_redis_outage.py).
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "hfs"),
            # Passed to redis-py's connection pool: a dead Redis answers with an error in
            # seconds instead of holding a worker until gunicorn's timeout kills it.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured(f"Unsupported CACHE_URL scheme: {CACHE_URL.split(':')[0]}")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hfs_cache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
# Each worker's own copies of the article pages it served last (articles/kept_pages.py). A copy
# is keyed on its article's page version, so it is never out of date and needs no invalidation:
# it only spares reading the shared copy again. At most 64 pages, a few MB.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "kept-pages",
    "OPTIONS": {"MAX_ENTRIES": 64},
}

AUTHENTICATION_BACKENDS = [
    # Refuses logins from a locked-out IP + username before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sessions live in the database alone, with or without Redis. Only moderators have one (readers
# never do), so reading it costs one query on an admin page, nothing on a reader's. Django's
# cached_db engine would put them in Redis too, and its load, login and logout do not survive a
# Redis that stopped: the admin answered 500 (tests/test_redis_outage.py). A per-process memory
# cache would give each gunicorn worker its own, stale copy of a session.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The languages the site's interface speaks (locale/<code>/LC_MESSAGES/django.po), each named
# in the reader's language. Readers get the one their browser asks for (Accept-Language), or
# the one they chose with the switcher at the foot of every page (a cookie), else LANGUAGE_CODE.
# Adding one: the README, "Languages".
LANGUAGES = [
    ("en", gettext_lazy("English")),
    ("es", gettext_lazy("Spanish")),
    ("fr", gettext_lazy("French")),
    ("de", gettext_lazy("German")),
]
# The site's own language (DJANGO_LANGUAGE_CODE): its emails to moderators, new articles'
# language, and the interface for a reader whose browser asks for none of LANGUAGES.
LANGUAGE_CODE = os.environ.get("DJANGO_LANGUAGE_CODE", "").strip().lower() or "en"
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(
        f"DJANGO_LANGUAGE_CODE must be one of {', '.join(dict(LANGUAGES))}: not {LANGUAGE_CODE!r}."
    )
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates with the months in full (hfs_site/formats/en); other languages keep Django's.
FORMAT_MODULE_PATH = ["hfs_site.formats"]
# The switcher's cookie: a year, sent back over HTTPS only when the site is, never read by
# scripts, and like the site's other cookies not sent with another site's requests.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# The seed comments' 2010 times are shown in this zone; readers see times in it too.
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` puts the files whitenoise serves (DJANGO_STATIC_ROOT, e.g. /srv/hfs/static).
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names + gzip/brotli copies; whitenoise serves them with far-future cache headers.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Requests: a comment is at most a few KB. Up to 2 MB a post is read, so even a pasted
# 1 MB text gets the form back with "too long" beside it and the text kept; anything larger,
# or with absurdly many fields, is refused at once with the 400 page. Django's 1000 fields: an
# article's admin page posts about 8 for each source, video and change-log line, and 4 for each
# of the 50 comments it shows, besides its own.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# Security headers that hold everywhere.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy: only this site's own scripts, styles and images; frames only from
# the no-cookie video players, and only after a reader clicks play. No page uses inline script
# or style, a nonce or a policy of its own, so it is one header, built here and sent with every
# response by hfs_site.middleware.SiteMiddleware.
CONTENT_SECURITY_POLICY = "; ".join(
    f"{directive} {' '.join(sources)}"
    for directive, sources in {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "media-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }.items()
)
# Powerful browser features no page of this site uses.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Admin login brute-force protection (django-axes): after AXES_FAILURE_LIMIT failed logins from
# one IP address for one username, that pair is locked out for AXES_COOLOFF_HOURS; the same
# username from another address still signs in. The address is the client's as the comment
# rate limit reads it (COMMENTS_TRUSTED_PROXIES below), not the socket's: behind the proxy
# every socket address is the proxy's, and one stranger would lock out every moderator.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_CLIENT_IP_CALLABLE = "hfs_site.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_VERBOSE = False

# DJANGO_HTTPS=1 when the site is served over HTTPS (usually behind a proxy that sets
# X-Forwarded-Proto): secure cookies, HSTS and the redirect to https. Left off for
# `make run` on http://127.0.0.1 so the admin login works there.
HTTPS = env_bool("DJANGO_HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Email: printed to the console locally; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hemifacial Spasm <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # A request naming a host not in ALLOWED_HOSTS gets the 400 page and a line in the
        # access log; scanners send thousands, and Django would log each with a traceback.
        "django.security.DisallowedHost": {"handlers": ["null"], "propagate": False},
    },
}

# The site's own settings.
# Where the admin lives; a less obvious path keeps most drive-by login attempts away.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
# ADMIN_REQUIRE_2FA=1 (production, docs/deploy.md): every admin page needs a session that passed
# a second factor, a code from an authenticator app or a recovery code. A staff account with
# none set up is sent from its password sign-in to <ADMIN_URL>security/ to set one up, and
# reaches nothing else. Off (`make run`): a password signs in, and staff who set up a second
# factor on that page are asked for it from then on. See the README, "Two-factor sign-in".
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", False)
# django-otp: the devices' admin pages never show a secret key.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True


def parse_site_url(value):
    """The site's address from DJANGO_SITE_URL: http(s)://host[:port], without a trailing slash."""
    value = value.strip()
    parts = urlsplit(value)
    try:
        port_ok = parts.port is None or parts.port > 0  # a port that is not a number raises
    except ValueError:
        port_ok = False
    if not (
        port_ok
        and parts.scheme in ("http", "https")
        and parts.hostname
        and parts.username is None
        and parts.path in ("", "/")
        and not (parts.query or parts.fragment)
        and not any(character.isspace() for character in value)
    ):
        raise ImproperlyConfigured(
            "DJANGO_SITE_URL must be the address readers use, such as "
            f"https://hemifacial-spasm.example (http or https, a host, no path): not {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"


# The site's public address: the one source of the absolute addresses in pages (canonical
# link, og:url, JSON-LD), feeds, the sitemap, robots.txt and emails. The request's Host header
# never is one, so a request naming another host or scheme cannot change what readers, caches
# or moderators get. With DJANGO_HTTPS=1 it must be https:// (system check hfs_site.E001);
# `make run` sets it to the address it serves.
SITE_URL = parse_site_url(os.environ.get("DJANGO_SITE_URL", "") or "http://127.0.0.1:8000")
# The name an authenticator app shows beside a moderator's codes: the site's host, so that a
# glance at the phone does not name the condition (as with the commenters' emails).
OTP_TOTP_ISSUER = urlsplit(SITE_URL).hostname
# The site's name, in feeds, JSON-LD and the sites framework's Site.
SITE_NAME = "Hemifacial Spasm"
# The sites framework's Site for this site; its domain follows SITE_URL (hfs_site/apps.py).
SITE_ID = 1
# Who owns the site (a person or an organisation), as the About page names them; unset, the page
# names no one.
SITE_OWNER = os.environ.get("DJANGO_SITE_OWNER", "").strip()


def parse_contact_email(value):
    """DJANGO_SITE_CONTACT_EMAIL: an email address, or "" for none."""
    value = value.strip()
    try:
        if value:
            validate_email(value)
    except ValidationError:
        raise ImproperlyConfigured(
            f"DJANGO_SITE_CONTACT_EMAIL must be an email address such as hello@example.org, "
            f"not {value!r}."
        ) from None
    return value


# The address readers may write to, on the About page; unset, it shows none. Readers who lost
# the private link to their comment are told to write there to have it removed.
SITE_CONTACT_EMAIL = parse_contact_email(os.environ.get("DJANGO_SITE_CONTACT_EMAIL", ""))
# How the site is paid for, in one or two sentences, on the About page (which then says that
# the site carries no advertising). The default is translated; a text set here is shown as set.
SITE_FUNDING = os.environ.get("DJANGO_SITE_FUNDING", "").strip() or gettext_lazy(
    "The site is run by volunteers and paid for by its owner."
)
# Longest comment a reader may post, in characters.
COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", 5000)
# Top-level comments shown on one page of an article (`?page=2`…); replies stay on the page
# of the comment they answer, so a page can hold more comments than this.
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)
if COMMENTS_PER_PAGE < 1:
    raise ImproperlyConfigured("COMMENTS_PER_PAGE must be 1 or more.")
# How long browsers and shared caches (nginx, a CDN) may keep an article or the home page, in
# seconds: an approved comment shows everywhere within this time (articles/kept_pages.py).
PUBLIC_PAGE_MAX_AGE = env_int("DJANGO_PUBLIC_PAGE_MAX_AGE", 30)
# Seconds the site keeps a rendered article page in its cache, at most. Any change readers
# could see replaces the article's page version at once, so this only bounds what no write
# tells: comments closing after COMMENTS_CLOSE_AFTER_DAYS, and how old the comment form's
# signed time may be when served (see docs/architecture.md). 0: every request renders ("cold").
COMMENTS_PAGE_CACHE = env_int("COMMENTS_PAGE_CACHE", 600)
# An article's text is due a medical review when it was last reviewed more than this many months
# ago, or never: its admin page's trust checklist says so, the article list filters on it
# ("Review due") and the admin's home page lists the published ones.
ARTICLE_REVIEW_EVERY_MONTHS = env_int("ARTICLE_REVIEW_EVERY_MONTHS", 12)
if ARTICLE_REVIEW_EVERY_MONTHS < 1:
    raise ImproperlyConfigured("ARTICLE_REVIEW_EVERY_MONTHS must be 1 or more.")

# ---------------------------------------------------------------------------------------------
# Comments moderation. The rules that use these live in comments/moderation.py; the README's
# "Moderation settings" table lists every variable. Durations are seconds, or 90s / 10m / 2h / 2d.


def parse_duration(value, name):
    """Seconds from 90, 90s, 10m, 2h or 2d; `name` is the variable, for the error."""
    value = value.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number, unit = (value[:-1], units[value[-1]]) if value[-1:] in units else (value, 1)
    if not number.isdigit():
        raise ImproperlyConfigured(f"{name} must be a duration like 90, 10m, 2h or 2d.")
    return int(number) * unit


def env_duration(name, default):
    return parse_duration(os.environ.get(name, "").strip() or default, name)


def env_rate(name, default):
    """(posts, seconds) from an env variable written as 5/10m; 0 turns the limit off."""
    count, _, period = (os.environ.get(name, "").strip() or default).partition("/")
    seconds = parse_duration(period or "1", name)
    if not count.strip().isdigit() or not seconds:
        raise ImproperlyConfigured(f"{name} must look like 5/10m (posts per period), or 0.")
    return int(count), seconds


# Posts allowed per IP address and, separately, per email address in each period; the next
# one gets HTTP 429 with the text kept. Counted in the cache every process shares.
COMMENTS_RATE_LIMIT = env_rate("COMMENTS_RATE_LIMIT", "5/10m")
# A form posted sooner than this many seconds after its page was built is a bot's: spam
# (docs/architecture.md, "The form's signed time").
COMMENTS_MIN_SECONDS = env_int("COMMENTS_MIN_SECONDS", 3)
# A form older than this is refused and shown again (text kept) with a fresh timestamp.
COMMENTS_MAX_FORM_AGE = env_duration("COMMENTS_MAX_FORM_AGE", "2d")
# More links than this in a comment's text: held for a moderator even from a known commenter.
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
# Approve at once a comment whose email already has an approved comment (as WordPress does).
COMMENTS_AUTO_APPROVE_KNOWN = env_bool("COMMENTS_AUTO_APPROVE_KNOWN", True)
# Close comments this many days after an article is published; 0 keeps them open for good
# (the 2010 seed article stays open). Each article also has its own "comments open" switch.
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0)
# Addresses (or networks) of the reverse proxies in front of the site. Only a request from one
# of them has its client IP read from X-Forwarded-For; by default the socket address counts,
# so a forged header changes nothing. Example: COMMENTS_TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8
# The rule (hfs_site/client_ip.py) serves the comment rate limit, the IP kept with each comment
# and the admin login lockout alike.
COMMENTS_TRUSTED_PROXIES = env_list("COMMENTS_TRUSTED_PROXIES")
# Who is emailed about each comment held for moderation. Empty: every active staff user with
# an email address who may change comments.
COMMENTS_MODERATOR_EMAILS = env_list("COMMENTS_MODERATOR_EMAILS")
# Sender and subject of the email a commenter asked for when their comment is approved. Both
# are seen on a lock screen or in a shared inbox, so by default they name neither the site nor
# the condition: "Comments" (in the poster's language) at DEFAULT_FROM_EMAIL's address, "Your
# comment is published". The body names the article.
COMMENTS_EMAIL_FROM = os.environ.get("COMMENTS_EMAIL_FROM") or format_lazy(
    "{} <{}>", gettext_lazy("Comments"), parseaddr(DEFAULT_FROM_EMAIL)[1]
)
COMMENTS_APPROVAL_SUBJECT = os.environ.get("COMMENTS_APPROVAL_SUBJECT") or gettext_lazy(
    "Your comment is published"
)
# `manage.py purge_comment_ips` blanks IP addresses and user agents older than this (days).
COMMENTS_IP_RETENTION_DAYS = env_int("COMMENTS_IP_RETENTION_DAYS", 90)
# Minutes after posting during which a poster may edit their comment from its status link.
COMMENTS_EDIT_MINUTES = env_int("COMMENTS_EDIT_MINUTES", 15)
# Replies approved within this many seconds after a reply email wait and go out together in the
# next one (`manage.py send_reply_notices`, run every few minutes by cron or deploy/systemd).
COMMENTS_REPLY_EMAIL_INTERVAL = env_duration("COMMENTS_REPLY_EMAIL_INTERVAL", "1h")
# Days a "Remember my name and email on this device" cookie lasts.
COMMENTS_REMEMBER_DAYS = env_int("COMMENTS_REMEMBER_DAYS", 365)
# Distinct readers whose reports hide a published comment until a moderator looks at it.
COMMENTS_HIDE_AFTER_REPORTS = env_int("COMMENTS_HIDE_AFTER_REPORTS", 3)
# Reports one reader (address) may send, as "count/period" like COMMENTS_RATE_LIMIT.
COMMENTS_REPORT_RATE_LIMIT = env_rate("COMMENTS_REPORT_RATE_LIMIT", "10/1h")
# Reports of an error in an article one reader (address) may send, as "count/period"; the next
# one gets HTTP 429 with the text kept (articles/error_report_views.py).
ERROR_REPORT_RATE_LIMIT = env_rate("ERROR_REPORT_RATE_LIMIT", "5/1h")
# The languages a poster may say their comment is written in, besides LANGUAGES: codes that
# Django names (django/conf/locale/__init__.py), each shown in its own language. The comment
# carries it as `lang`, so that a screen reader reads it in its language.
COMMENTS_LANGUAGES = env_list(
    "COMMENTS_LANGUAGES",
    "ar,cs,el,he,hi,hu,id,it,ja,ko,nl,pl,pt,pt-br,ro,ru,sv,tr,uk,zh-hans",
)
for _code in COMMENTS_LANGUAGES:
    if _code not in LANG_INFO or "fallback" in LANG_INFO[_code]:
        raise ImproperlyConfigured(f"COMMENTS_LANGUAGES: Django does not name {_code!r}.")
# Comments older than this many years carry a quiet "Written in <year>" line (0: never).
COMMENTS_CONTEXT_AFTER_YEARS = env_int("COMMENTS_CONTEXT_AFTER_YEARS", 5)
# The erasure ledger: one line per erasure (a keyed hash of the email, anonymise or delete, the
# time), no personal data. It lives outside the database, so `manage.py restore` of an older
# backup erases those commenters again (comments/privacy.py). Keep it beside the backups, never
# inside them, and keep the secret key it is hashed with. Made 0600 on first use, git-ignored.
ERASURE_LEDGER_PATH = Path(
    os.environ.get("DJANGO_ERASURE_LEDGER") or BASE_DIR / "var" / "erasure-ledger"
)
# The spam filter (comments/spamfilter.py): a naive Bayes classifier that learns from the
# moderators' decisions, run after the honeypot, typing time and blocked terms. It scores each
# new comment from 0 (genuine) to 1 (spam). At COMMENTS_SPAM_MARK_AT or above: spam; from
# COMMENTS_SPAM_HOLD_AT: pending, with the score and its reasons; below: the other rules
# decide. A comment with no link, website, email address or phone number is held at most.
# The marks are set so that a doubtful comment is held for a moderator, never discarded: in
# cross-validation no genuine comment with a link scores above 0.92, none is marked spam (see
# `make spam-report`). COMMENTS_SPAM_FILTER=0 turns the filter off.
COMMENTS_SPAM_FILTER = env_bool("COMMENTS_SPAM_FILTER", True)
COMMENTS_SPAM_MARK_AT = env_float("COMMENTS_SPAM_MARK_AT", 0.99)
COMMENTS_SPAM_HOLD_AT = env_float("COMMENTS_SPAM_HOLD_AT", 0.5)
# The shipped starter set counts in full until the site has this many decisions of its own
# (Approve, Mark as spam, Not spam); from then on it weighs as much as this many decisions.
COMMENTS_SPAM_OWN_DECISIONS = env_int("COMMENTS_SPAM_OWN_DECISIONS", 500)
if not 0 < COMMENTS_SPAM_HOLD_AT <= COMMENTS_SPAM_MARK_AT <= 1:
    raise ImproperlyConfigured(
        "COMMENTS_SPAM_HOLD_AT and COMMENTS_SPAM_MARK_AT must be scores with "
        "0 < COMMENTS_SPAM_HOLD_AT <= COMMENTS_SPAM_MARK_AT <= 1."
    )

for _proxy in COMMENTS_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"COMMENTS_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network."
        ) from None
