"""One settings module, configured by environment variables (see docs/deploy.md)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LVZHI_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def envlist(name: str, default: str = "") -> list[str]:
    """A comma-separated list: spaces around items and empty items (a stray or trailing comma) are dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _host(value: str) -> str:
    # A URL or a port where a host name belongs never matches a request: Django would answer every request 400.
    if "/" in value or (":" in value and not value.startswith("[")):
        raise ImproperlyConfigured(f"ALLOWED_HOSTS takes host names such as lvzhi.example.gov.cn, got {value!r}")
    return value


def _origin(value: str) -> str:
    # An origin with a path or without a scheme never equals a browser's Origin header: every form post would fail.
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS takes origins such as https://lvzhi.example.gov.cn, got {value!r}"
        )
    return value


def envsecret(name: str, default: str | None = None) -> str | None:
    """A secret from NAME or from the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def _local_secret_key() -> str:
    # A per-installation key kept under var/, so a fresh checkout runs without a secret in the repo.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = envbool("DEBUG", False)
SECRET_KEY = envsecret("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = [_host(h) for h in envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")]
CSRF_TRUSTED_ORIGINS = [_origin(o) for o in envlist("CSRF_TRUSTED_ORIGINS")]

# Behind nginx terminating HTTPS: believe its X-Forwarded-Proto, so Django knows the request came over HTTPS
# (CSRF's origin check, absolute URLs, secure cookies). Only safe when the proxy sets the header on every request,
# overwriting whatever the client sent (docs/deploy.md §7); off, any client could claim HTTPS.
BEHIND_HTTPS_PROXY = envbool("BEHIND_HTTPS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_HTTPS_PROXY else None
USE_X_FORWARDED_HOST = envbool("USE_X_FORWARDED_HOST", False)
# HSTS: browsers keep to HTTPS for this many seconds once they saw the header over HTTPS. Off (0) by default:
# set it only once the whole site answers over HTTPS, since browsers cannot be told to forget it early.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)

# Content-Security-Policy (django-csp): scripts only from our own static files, so an injected <script> or
# onclick never runs; page behaviour is declared with data attributes that static/js/lvzhi.js handles.
# Inline style attributes stay allowed: templates and ECharts use them, and styles cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    # Installed so /api/v1/docs serves ninja's bundled Swagger UI; without it the page loads it from a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "lvzhi.core",
    "lvzhi.org",
    "lvzhi.accounts",
    "lvzhi.ledger",
    "lvzhi.activities",
    "lvzhi.planning",
    "lvzhi.liaison",
    "lvzhi.proposals",
    "lvzhi.opinions",
    "lvzhi.notices",
    "lvzhi.assessment",
    "lvzhi.dashboard",
    "lvzhi.portal",
    "lvzhi.demo",
    "lvzhi.api",
]

MIDDLEWARE = [
    # First, so every error under /api/ (Django's 404/500 pages too) leaves as the API's error envelope.
    "lvzhi.api.errors.ApiErrorEnvelopeMiddleware",
    "lvzhi.core.forminput.RefuseNulQueryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "lvzhi.core.security.PrivateApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lvzhi.core.sessions.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lvzhi.core.tenancy.CommitteeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "lvzhi.urls"
WSGI_APPLICATION = "lvzhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lvzhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lvzhi.core.context_processors.lvzhi",
            ],
        },
    },
    # Row fragments of the longest lists (lvzhi.core.jinja); templates in each app's jinja2/ folder.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "lvzhi.core.jinja.environment", "autoescape": True},
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "lvzhi.sqlite3",
            # Kept open between requests: opening a file and running the PRAGMAs below on every request cost
            # more than many a page's queries. Each server thread holds its own connection.
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                # Concurrent writers: deferred transactions fail with "database is locked";
                # IMMEDIATE takes the write lock up front and waits up to the timeout.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["lvzhi.core.auth.UsernameOrMobileBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "lvzhi.core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout: this many failed logins in a row lock the account for LOCKOUT_MINUTES.
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOCKOUT_MINUTES = int(os.environ.get("LOCKOUT_MINUTES", "15"))
# Per network address, whatever usernames are tried: this many failed logins per window, then 429 until it ends.
LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", "30"))
LOGIN_ADDRESS_WINDOW_MINUTES = int(os.environ.get("LOGIN_ADDRESS_WINDOW_MINUTES", "15"))
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "30"))

# The test suite sets this: every API list built without validation (core.apikit.trusted) is then validated too.
API_CHECK_TRUSTED = False

# Sessions in the database, loaded by one written-out query (the ORM's costs more than the read itself).
SESSION_ENGINE = "lvzhi.core.session_store"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
# Sliding expiry without a write per page view: lvzhi.core.sessions refreshes a session at most this often.
SESSION_REFRESH_SECONDS = int(os.environ.get("SESSION_REFRESH_SECONDS", "300"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", BEHIND_HTTPS_PROXY)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Chinese is the product language; no Accept-Language switching, so Django's own messages never come out in
# English beside our Chinese ones. LANGUAGES keeps "en" so an English catalog can be added and chosen by setting.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "lvzhi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "lvzhi" / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/jsqr", NODE_MODULES / "jsqr" / "dist"),
    # axe-core checks accessibility in the browser tests, which load it from here (no CDN).
    ("vendor/axe-core", NODE_MODULES / "axe-core"),
    ("vendor/js-sha256", NODE_MODULES / "js-sha256" / "build"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lvzhi@localhost")
SMS_BACKEND = os.environ.get("SMS_BACKEND", "lvzhi.core.sms.ConsoleSmsBackend")

# Background work (django-tasks): queued in the database and run by `manage.py db_worker`, so a notice to
# a thousand members does not hold up the request that sent it. Tests run tasks at once (lvzhi/conftest.py).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

SCOPES_DISABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"server_errors_only": {"()": "lvzhi.core.log_filters.ServerErrorsOnly"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["server_errors_only"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Public mailboxes (liaison): per-address limits, proof-of-work difficulty, attachment size, and the header the
# site's own reverse proxy puts the citizen's address in (empty: the socket's peer address).
MAILBOX_LETTERS_PER_10_MIN = int(os.environ.get("MAILBOX_LETTERS_PER_10_MIN", "5"))
MAILBOX_LETTERS_PER_DAY = int(os.environ.get("MAILBOX_LETTERS_PER_DAY", "20"))
MAILBOX_ATTEMPTS_PER_10_MIN = int(os.environ.get("MAILBOX_ATTEMPTS_PER_10_MIN", "30"))
MAILBOX_POW_BITS = int(os.environ.get("MAILBOX_POW_BITS", "16"))
MAILBOX_ATTACHMENT_MAX_MB = int(os.environ.get("MAILBOX_ATTACHMENT_MAX_MB", "10"))
MAILBOX_CLIENT_IP_HEADER = os.environ.get("MAILBOX_CLIENT_IP_HEADER", "")
# Letter deadlines in working days (DOMAIN.md §3.4: first response 5, final 30).
LETTER_FIRST_RESPONSE_DAYS = int(os.environ.get("LETTER_FIRST_RESPONSE_DAYS", "5"))
LETTER_FINAL_DAYS = int(os.environ.get("LETTER_FINAL_DAYS", "30"))
