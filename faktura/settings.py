"""Django settings. Every value comes from `faktura.config` (the environment)."""

from pathlib import Path

import dj_database_url

from faktura import config

CONFIG = config.load()
DATA_DIR = CONFIG.data_dir
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = config.secret_key(DATA_DIR)
DEBUG = CONFIG.debug

FAKTURA_BASE_DOMAIN = CONFIG.base_domain
FAKTURA_INTEGRATION_TOKEN = CONFIG.integration_token
FAKTURA_MAX_BODY_BYTES = CONFIG.max_body_bytes
FAKTURA_API_RATE_LIMIT_PER_MINUTE = CONFIG.api_rate_limit_per_minute
FAKTURA_PORT = CONFIG.port
# Webhooks may target loopback and private networks (tests, one-machine setups).
FAKTURA_WEBHOOK_ALLOW_PRIVATE = CONFIG.webhook_allow_private
# The postal provider letters are handed to (faktura.delivery.postal); unset = no post.
FAKTURA_POSTAL_URL = CONFIG.postal_url
FAKTURA_POSTAL_TOKEN = CONFIG.postal_token

_base_host = FAKTURA_BASE_DOMAIN.split(":")[0]
ALLOWED_HOSTS = [_base_host, f".{_base_host}", "localhost", ".localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "faktura.accounts",
    "faktura.catalog",
    "faktura.invoicing",
    "faktura.warehouse",
    "faktura.payments",
    "faktura.events",
    "faktura.delivery",
    "faktura.attachments",
    "faktura.integrations",
    "faktura.panel",
    "faktura.runtime",
]

MIDDLEWARE = [
    "faktura.api.middleware.BodySizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "faktura.events.origin.OriginMiddleware",
    # Per request: the Accept-Language (or Polish); API calls then switch to the account's.
    "django.middleware.locale.LocaleMiddleware",
    "faktura.api.middleware.ApiFormatMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "faktura.panel.fast_login.FastLoginMiddleware",
    "faktura.panel.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "faktura.urls"
WSGI_APPLICATION = "faktura.wsgi.application"
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "faktura.integrations.context.partner_link",
            ],
        },
    },
]

if CONFIG.database_url:
    DATABASES = {"default": dj_database_url.parse(CONFIG.database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "faktura.sqlite3",
            # Keep each thread's connection between requests, as for PostgreSQL: a
            # new SQLite connection runs the PRAGMAs, registers Django's functions
            # and reads the schema again (about a third of an invoice create's CPU).
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so
                # two writers queue on the busy timeout instead of one failing
                # with "database is locked" when it upgrades a read lock.
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=30000;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "panel-login"
AUTHENTICATION_BACKENDS = ["faktura.accounts.auth_backends.LoginOrEmailBackend"]

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

if CONFIG.email:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = CONFIG.email.host
    EMAIL_PORT = CONFIG.email.port
    EMAIL_USE_TLS = CONFIG.email.use_tls
    EMAIL_USE_SSL = CONFIG.email.use_ssl
    EMAIL_HOST_USER = CONFIG.email.username
    EMAIL_HOST_PASSWORD = CONFIG.email.password
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "faktura.delivery.eml_backend.EmlFileBackend"
FAKTURA_MAIL_DIR = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = f"Faktura <noreply@{_base_host}>"

# Bodies are checked by BodySizeLimitMiddleware first (413); Django's own
# limits must not be stricter or it would answer 400 instead.
DATA_UPLOAD_MAX_MEMORY_SIZE = FAKTURA_MAX_BODY_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000

LANGUAGE_CODE = "pl"
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
LANGUAGES = [("pl", "Polski"), ("en", "English"), ("uk", "Українська")]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "faktura.api.redaction.RedactTokensFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# Uploaded files (department logos, invoice attachments): the data dir's media folder,
# or an S3-compatible bucket when FAKTURA_S3_BUCKET is set (config.s3_from_environment).
# Served by Faktura's own views (faktura.catalog, faktura.attachments), not by a web server.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": config.storage_backend(CONFIG.s3),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The largest file one attachment upload takes (the upload path's body limit follows it).
FAKTURA_ATTACHMENT_MAX_BYTES = CONFIG.attachment_max_bytes
