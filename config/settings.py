"""Settings of the Club Innovation sociale portal, read from the environment.

Development (``make run``) sets DEBUG=1; everything else defaults to production-safe values and
refuses to start without a SECRET_KEY and ALLOWED_HOSTS.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import storage_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_required(name: str, *, fallback: str | None) -> str:
    """A value that production must provide; development may use ``fallback``."""
    value = os.environ.get(name, "")
    if value:
        return value
    if fallback is None:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required when DEBUG is off (production)."
        )
    return fallback


DEBUG = env_bool("DEBUG")

SECRET_KEY = env_required("SECRET_KEY", fallback="dev-only-insecure-key" if DEBUG else None)
ALLOWED_HOSTS = [
    host.strip()
    for host in env_required(
        "ALLOWED_HOSTS", fallback="127.0.0.1,localhost" if DEBUG else None
    ).split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def _runserver_url() -> str:
    """In development without SITE_URL: the address `runserver` was given (`8801`,
    `127.0.0.1:8801`), so that links in emails keep its port; 127.0.0.1:8000 otherwise."""
    given = [arg for arg in sys.argv[2:] if not arg.startswith("-")]
    address = given[0] if sys.argv[1:2] == ["runserver"] and given else "8000"
    return "http://" + (address if ":" in address else f"127.0.0.1:{address}")


# Absolute base of links in every email (the portal's and allauth's).
SITE_URL = env_required("SITE_URL", fallback=_runserver_url() if DEBUG else None).rstrip("/")

PROJECT_APPS = ["landlords", "places", "clubs", "initiatives", "reports", "notices", "news"]

INSTALLED_APPS = [
    # Before the project's apps: landlords/admin.py replaces its admin registrations.
    "landlords.mailer_config.MailerConfig",  # django-mailer, with French names in the admin
    *PROJECT_APPS,
    "django.contrib.admin",
    "dalf",  # searchable list filters in the admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # search lookups (trigram similarity); harmless on SQLite
    "django.forms",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "django_filters",
    "simple_history",
    "rules",
    "csp",
    "ninja",  # the API's documentation page from ninja's static files (Swagger UI), no CDN
    "api",
    "django_q",  # the job queue (see "Jobs" below)
    # Not in PROJECT_APPS: its rows (prepared exports) are nothing a public page shows.
    "jobs",
]

MIDDLEWARE = [
    "config.request_id.RequestIdMiddleware",  # first: every log line of a request carries its id
    "config.middleware.ClientAddressMiddleware",  # then everything after sees the client
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
# Form fields render with templates/django/forms/ (a checkbox before its label).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # French typography everywhere: "1er mars" (the `date` filter), `elide`.
            "builtins": ["config.typography"],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # QuerySet.iterator() (form choices iterate with it) would otherwise declare a server-side
    # cursor: three round trips for a list of a few dozen rows. Also right behind pgbouncer.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (the workers share rate limits, sessions and the public
# pages), else local memory.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # django-redis keeps one client per server; Django's own backend builds a new one
            # for every call, which cost a cached page more than its round trip to Redis.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Redis is never on the write path: when it is down, a cache call gives up within a
            # second and counts as a miss (logged), so sign-ups, sign-ins and saves go on.
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # Sessions read from Redis, written through to the database (which keeps them on a restart,
    # and serves them while Redis is down).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole public pages for visitors not signed in (config/public_cache.py). They need a cache every
# worker shares: on with REDIS_URL (off in development, where templates change under one's eyes).
PUBLIC_CACHE = env_bool("PUBLIC_CACHE", default=bool(os.environ.get("REDIS_URL")))

AUTH_USER_MODEL = "landlords.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "landlords.backends.StaffModelBackend",  # model permissions: the admin's, for staff
    "landlords.backends.EmailLoginBackend",  # allauth's login by email
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "clubs:dashboard"
SITE_ID = 1

# django-allauth: email login, mandatory verification, no enumeration, default rate limits.
ACCOUNT_ADAPTER = "landlords.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "landlords.forms.SignupForm"
# The same password hash whether the address has an account or not (no enumeration by timing).
ACCOUNT_FORMS = {"signup": "landlords.adapters.EvenSignupForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Club Innovation sociale] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

# Email: console in development unless EMAIL_URL says otherwise (smtp://user:pass@host:587/?tls=1).
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Club Innovation sociale <club@arhlm.example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    from urllib.parse import parse_qs, unquote, urlsplit

    _email = urlsplit(EMAIL_URL)
    _query = parse_qs(_email.query)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_TLS = _query.get("tls", ["0"])[0] in {"1", "true"} or _email.scheme == "submission"
    EMAIL_USE_SSL = _query.get("ssl", ["0"])[0] in {"1", "true"} or _email.scheme == "smtps"
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Outgoing mail waits in the database (django-mailer) and `manage.py send_mail` sends it, run
# every minute; a failure is kept and retried (`retry_deferred`), so a mail server down never
# fails a registration nor loses a message. On by default in production, off in development.
EMAIL_QUEUE = env_bool("EMAIL_QUEUE", default=not DEBUG)
if EMAIL_QUEUE:
    MAILER_EMAIL_BACKEND = EMAIL_BACKEND
    EMAIL_BACKEND = "mailer.backend.DbBackend"
# No lock file: the worker's working directory is read-only under the kit's systemd unit (the
# lock would fail every run), and django-mailer locks each message's row (nowait) anyway, so two
# workers never send one message twice.
MAILER_USE_FILE_LOCK = False

# Internationalisation: French first, English available.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
# French thousands grouped by a narrow no-break space ("11 000 logements").
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# `make bench` only: a trivial view measuring the floor of the stack (off everywhere else).
BENCH_FLOOR = env_bool("BENCH_FLOOR", default=False)
# PDFs that are not cached yet that one account, or one address for visitors, may have built
# (django-ratelimit's "count/period"); past it, 429. Counted in the cache: when it cannot count
# (Redis down), builds go on rather than refusing every Cahier.
PDF_BUILD_RATE = os.environ.get("PDF_BUILD_RATE", "10/m")
RATELIMIT_FAIL_OPEN = True
# Requests to the JSON API (/api/v1/) that one address may make ("count/period"); past it, 429.
API_RATE = os.environ.get("API_RATE", "120/m")
# Development and tests serve static files straight from static/ (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Storage (config/storage.py) ------------------------------------------------------------
# Three storages, by alias: `default` (media: logos, photos; public), `private` (toolbox files,
# attachments, programme documents: only through a view that checks who asks) and `pdf_cache`
# (generated PDFs named by the digest of their data, reports/services.py: rebuilt on demand, so no
# backup needed; past PDF_CACHE_MAX_BYTES, the least recently served, on S3 built, go).
# Local folders by default; S3-compatible buckets when S3_MEDIA_BUCKET and S3_PRIVATE_BUCKET are
# set (config/storage_config.py), shared by every node.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
PDF_CACHE_ROOT = Path(os.environ.get("PDF_CACHE_ROOT", BASE_DIR / "pdf-cache"))
PDF_CACHE_MAX_BYTES = int(os.environ.get("PDF_CACHE_MAX_BYTES", str(512 * 1024 * 1024)))
S3_STORAGE = storage_config.s3_enabled(os.environ)
try:
    _file_storages = storage_config.s3_storages(os.environ) if S3_STORAGE else storage_config.LOCAL
except storage_config.S3SettingsError as error:
    raise ImproperlyConfigured(str(error)) from error
# Origins the pages load media images from (the Content-Security-Policy's img-src).
MEDIA_ORIGINS = storage_config.media_origins(os.environ)
STORAGES = {
    **_file_storages,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# --- End of Storage ---------------------------------------------------------------------------

# Jobs: django-q2 with its ORM broker. The queue lives in the portal's own database (SQLite in
# development, PostgreSQL in production), so Redis stays off the write path. `manage.py qcluster`
# runs the workers and the scheduler; `manage.py jobs_schedule` writes the schedules (jobs/).
# A job that does not finish within `timeout` seconds is stopped; one not acknowledged within
# `retry` seconds (its worker died) is handed out again, at most `max_attempts` times. Every job
# is idempotent (it claims a row before sending), so running one twice sends nothing twice.
JOBS_TIMEOUT = int(os.environ.get("JOBS_TIMEOUT", "600"))
Q_CLUSTER = {
    "name": "portal",
    "orm": "default",
    "workers": int(os.environ.get("JOBS_WORKERS", "2")),
    "timeout": JOBS_TIMEOUT,
    "retry": JOBS_TIMEOUT + 120,  # must exceed the timeout
    "max_attempts": 3,
    "ack_failures": False,  # a failed job is tried again (up to max_attempts)
    "catch_up": False,  # a worker stopped overnight runs a missed schedule once, not N times
    "save_limit": 1000,  # successful jobs kept for the admin (failures are all kept)
    "poll": 2,  # seconds between two looks at the queue when it is empty
    "label": _("Jobs"),
}
# Exports of the catalogue (CSV, XLSX) with more rows than this are prepared by a job (jobs/);
# smaller ones are written while the visitor waits.
EXPORT_SYNC_LIMIT = int(os.environ.get("EXPORT_SYNC_LIMIT", "500"))
EXPORT_KEEP_DAYS = int(os.environ.get("EXPORT_KEEP_DAYS", "7"))  # then a daily job removes them

# Security headers. Behind a TLS-terminating proxy that sets X-Forwarded-Proto, turn on
# TRUST_X_FORWARDED_PROTO so that Django sees HTTPS requests as secure.
if env_bool("TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The number of proxies in front of the portal, each appending the address it got the request
# from to X-Forwarded-For: the client's address, on which the sign-in and sign-up rate limits are
# keyed, is then read from that header (config/middleware.py, allauth). 0: the header is ignored.
_proxy_count = os.environ.get("TRUSTED_PROXY_COUNT", "").strip() or "0"
if not (_proxy_count.isascii() and _proxy_count.isdigit()):
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be a number of proxies (0 or more).")
TRUSTED_PROXY_COUNT = ALLAUTH_TRUSTED_PROXY_COUNT = int(_proxy_count)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# /readyz answers 503 while this file exists: touch it to take a node out of the load balancer
# before stopping it (its requests in flight finish, no new ones come), remove it to bring it back.
DRAIN_FILE = os.environ.get("DRAIN_FILE", "")

# Logs go to the console (journald, docker). LOG_FORMAT=json writes one JSON object per line
# (python-json-logger), for a log collector; every record of a request carries its request_id
# (config/request_id.py), the one nginx logs and the response's X-Request-ID.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.request_id.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",  # local time (TIME_ZONE) with its offset
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
