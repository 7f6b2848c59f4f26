"""Settings for the foreign relations archive.

Everything comes from the environment. With nothing set the site runs locally on SQLite
(``db.sqlite3`` beside manage.py) with DEBUG on, so a fresh checkout just works.
``DATABASE_URL`` switches to PostgreSQL, ``REDIS_URL`` to a shared Redis cache.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_float(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not number >= 0 or number == float("inf"):
        raise ImproperlyConfigured(f"{name} must be a number of seconds (0 or more), not {value!r}")
    return number


DEBUG = env_bool("DJANGO_DEBUG", default=True)

# A fixed development key is only acceptable while DEBUG is on; production must supply its own.
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

if not DEBUG:
    # The same rule as `check --deploy` (security.W009): 50+ characters, at least 5 different ones.
    if SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random value of 50+ characters when DJANGO_DEBUG is off "
            '(python3 -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the site's host names when DJANGO_DEBUG is off.")

# Where the admin lives (no leading slash, one trailing slash). Moving it off /admin/ keeps most
# password-guessing robots away from the login form; django-axes (below) stops the rest.
ADMIN_PATH = env_str("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"
if ADMIN_PATH == "/" or not re.fullmatch(r"[A-Za-z0-9_\-/]+/", ADMIN_PATH):
    raise ImproperlyConfigured(f"DJANGO_ADMIN_PATH must be a path such as 'curation/', not {ADMIN_PATH!r}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "axes",
    "people",
    "events",
]

MIDDLEWARE = [
    # First: load balancers probe /healthz by the server's address over plain HTTP, which the host
    # check and the HTTPS redirect below would refuse.
    "lib.healthz.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "lib.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages for visitors without cookies, before the middleware they do not need.
    "lib.page_cache.CachedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records request.user as the author of every history row written by the admin.
    "simple_history.middleware.HistoryRequestMiddleware",
    # A database that stops answering during a request gives a 503 page, not a 500.
    "lib.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive_site.urls"
WSGI_APPLICATION = "archive_site.wsgi.application"

TEMPLATES = [
    {
        # The public pages (archive_site/templating.py). First, so that their names find these.
        "BACKEND": "archive_site.templating.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "archive_site.templating.environment",
            "context_processors": ["lib.urls.site_urls"],
        },
    },
    {
        # The admin, its overrides in templates/admin/, and anything an installed app renders.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lib.urls.site_urls",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Options of every SQLite connection (the benchmark's scratch database takes them too).
SQLITE_OPTIONS = {
    # WAL lets readers continue while a curator saves; the timeout avoids "database is locked"
    # errors under the development server's threads. mmap_size lets SQLite read the file through
    # memory shared with the operating system's cache instead of a read() call and a copy per page
    # (up to 1 GiB of address space, not of memory): the busiest person's events at 100,000 events
    # took 11 ms in that query before and 5 ms after (docs/performance.md).
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections (DATABASE_CONN_MAX_AGE) matter to SQLite too: a new connection runs the
    # PRAGMAs above and starts with an empty page cache; reusing one served uncached pages 30–50%
    # faster over HTTP (docs/performance.md). Django's threaded servers close theirs per thread.
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_PREPARED_STATEMENTS", True):
    # Parameters sent apart from the SQL, and each statement a connection has run five times
    # prepared: PostgreSQL then skips parsing and planning it, which was most of its work for a
    # page (an event page: 3.3 -> 1.0-1.3 ms of its CPU). psycopg also binds the parameters in C instead of
    # quoting them in Python. Off (DATABASE_PREPARED_STATEMENTS=false) behind a pooler in
    # transaction mode that does not track prepared statements (docs/deploy.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
    # Django's backend, knowing that such a statement takes at most 65,535 parameters (batches).
    DATABASES["default"]["ENGINE"] = "lib.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache raises when Redis is down; this subclass logs and answers "not cached".
            "BACKEND": "lib.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "archive"),
            "TIMEOUT": env_int("CACHE_TIMEOUT", 600),
            # A Redis that stops answering must not hang every page: lib/page_cache.py falls back
            # to the database when the cache fails, but only once the call gives up.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "archive",
            "TIMEOUT": env_int("CACHE_TIMEOUT", 600),
        }
    }

# Sessions (only curators have one) are read from the cache and written through to the database:
# with Redis a read costs no query, and a Redis restart or eviction logs nobody out ("cache" alone would).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"

# Anonymous public pages (lib/page_cache.py): ETags and 304s always; PAGE_CACHE=off builds every
# page from the database. Browsers and proxies may reuse a page for PAGE_MAX_AGE seconds unchecked.
# SITE_RELEASE (e.g. the deployed commit) changes every ETag on deploy; without it the code is fingerprinted.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_MAX_AGE = env_int("PAGE_MAX_AGE", 60)
# Each process keeps its last pages and the content version for PAGE_L1_SECONDS before asking Redis
# again (0 turns it off): an edit made through another process may show up that much later.
PAGE_L1_SECONDS = env_float("PAGE_L1_SECONDS", 1.0)
SITE_RELEASE = env_str("SITE_RELEASE")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# The archive and its admin are in English only: without the translation machinery every page
# is built about 3% faster (docs/performance.md).
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env_str("DJANGO_MEDIA_URL", "media/")
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Hashed, compressed copies made by collectstatic, served by WhiteNoise with a one-year max-age
# (the name changes when the file does). It needs collectstatic's manifest, so it is the default
# only with DEBUG off; the test suite runs with DEBUG on and the plain storage.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    # Uploaded images. Any Django storage class, e.g. "storages.backends.s3.S3Storage" on several
    # servers (that package is then needed and configured through its own settings).
    "default": {"BACKEND": env_str("DJANGO_MEDIA_STORAGE") or "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

SITE_NAME = env_str("SITE_NAME", "Foreign Relations Archive")

# simple-history: keep the diff of every change and let curators revert from the admin.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# HTTPS. Production serves only HTTPS; DJANGO_HTTPS=false is for a production-like stack on
# 127.0.0.1 over plain HTTP (scripts/stack), where secure cookies and HSTS would lock the browser out.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = HTTPS and env_bool("DJANGO_HSTS_PRELOAD", True)
# Behind a load balancer that ends TLS, the app sees plain HTTP: trust the balancer's
# X-Forwarded-Proto. Only safe when the balancer always sets or overwrites that header, hence off
# unless asked for; without it SECURE_SSL_REDIRECT would redirect forever behind such a balancer.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None
# Proxies in front of the app whose X-Forwarded-For entries are trusted (for the client address
# django-axes locks out); 0 uses the connection's address.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
# Full origins ("https://archive.example") for forms posted from another host name than the site's.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The Content-Security-Policy header is set by lib/security.py. Images may also come from these
# origins (e.g. "https://media.archive.example" when media is served from a bucket).
CSP_EXTRA_IMG_ORIGINS = env_list("DJANGO_CSP_EXTRA_IMG_ORIGINS")

# django-axes: after AXES_FAILURE_LIMIT wrong passwords for one user name from one address, that
# pair is refused (429) for the cool-off time. Attempts are kept in the database, which every app
# server shares and which outlives a Redis restart.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "lib.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "429.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}
