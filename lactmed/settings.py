"""LactRx settings, read from the environment (see .env.example and the README).

Embedded default: without DATABASE_URL the app uses a SQLite file in the project; without
REDIS_URL it uses a local-memory cache and runs Celery tasks eagerly. A fresh clone therefore
runs with `make run`. Production sets DATABASE_URL (PostgreSQL) and REDIS_URL.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
ENV_FILE = BASE_DIR / ".env"
if ENV_FILE.exists():
    environ.Env.read_env(str(ENV_FILE))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG-on"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Public address of the site, printed on handouts ("the address of the live page").
# Empty (the default): each request's own address (lactmed.site).
SITE_URL = env.str("LACTRX_SITE_URL", default="").rstrip("/")
# Paper of the PDF handouts: "letter" (US, the default) or "a4".
LACTRX_PAPER_SIZE = env.str("LACTRX_PAPER_SIZE", default="letter").strip().lower()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "drugs",
    "advice",
    "lactmed.apps.LactmedConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lactmed.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "lactmed.site.SiteURLMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lactmed.urls"

# History pages are for reading: a "revert" would write an old record (old review state
# included) past the review workflow. django-simple-history 3.13 only hides the button for
# this setting; drugs.admin.HistoryReadOnlyMixin refuses the POST itself.
SIMPLE_HISTORY_REVERT_DISABLED = True
WSGI_APPLICATION = "lactmed.wsgi.application"

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
                "csp.context_processors.nonce",
            ],
            # The web pages' template tags live with the pages (advice/web/), not at the app
            # root, so they are registered by name here.
            "libraries": {
                "advice_tags": "advice.web.templatetags.advice_tags",
                "i18n_tags": "advice.web.templatetags.i18n_tags",
            },
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when the database is unreachable, so /readyz and pages answer 503 quickly.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
        "DJANGO_DB_CONNECT_TIMEOUT", default=3
    )
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery ---------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 600,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # Degrade to "no cache" instead of failing when Redis is down.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.3,
                "SOCKET_TIMEOUT": 0.3,
            },
            "KEY_PREFIX": "lactrx",
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "lactrx",
            "TIMEOUT": 600,
        }
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_TIMEOUT = 1.0
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# visibility_timeout: a message taken by a worker that dies unacknowledged (acks_late) is
# redelivered after this many seconds; it must exceed CELERY_TASK_TIME_LIMIT, or a long import
# still running would be handed to a second worker (README, "Import jobs").
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "visibility_timeout": env.int("LACTRX_BROKER_VISIBILITY_TIMEOUT_S", default=3600),
}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    # Flag monographs whose last review is older than the staleness window.
    "flag-stale-monographs": {
        "task": "drugs.tasks.flag_stale_monographs",
        "schedule": timedelta(hours=24),
    },
    # Mark import jobs whose worker died (no heartbeat for LACTRX_IMPORT_STALE_AFTER_S) stale.
    "mark-stale-import-jobs": {
        "task": "drugs.tasks.mark_stale_import_jobs",
        "schedule": timedelta(minutes=5),
    },
}

# --- Auth, sessions and security ----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute-force protection: lock a username+IP pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = env.int("LACTRX_AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The lockout keys on the same client address as the throttles and the audit log.
AXES_CLIENT_IP_CALLABLE = "lactmed.clientip.axes_client_ip"

# Staff sessions expire after 2 hours of inactivity.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=2 * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies in front of the app whose X-Forwarded-For is believed (lactmed/clientip.py): empty or
# 0 = none (the header is ignored), a number = that many proxies, or their addresses/networks.
LACTRX_TRUSTED_PROXIES = env.str("LACTRX_TRUSTED_PROXIES", default="").strip()
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Content Security Policy without 'unsafe-inline' for scripts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("LACTRX_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed static files (needs `collectstatic`); off in debug and in the test suite.
STATIC_MANIFEST = env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = BASE_DIR / "media"

# --- REST framework and OpenAPI -----------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "lactmed.throttles.ClientIPRateThrottle",
        "lactmed.throttles.TokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("LACTRX_THROTTLE_ANON", default="120/minute"),
        "user": env.str("LACTRX_THROTTLE_USER", default="1200/minute"),
    },
    # Client identity comes from lactmed.clientip (LACTRX_TRUSTED_PROXIES), never DRF's own
    # X-Forwarded-For parsing; 0 here makes any DRF throttle left on the defaults ignore it.
    "NUM_PROXIES": 0,
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "advice.api.base.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LactRx API",
    "DESCRIPTION": (
        "Evidence-based verdicts on medicines during breastfeeding, with their basis. "
        "Decision support for health professionals; verify with the cited sources."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema name per vocabulary choice set, whichever field uses it.
    "ENUM_NAME_OVERRIDES": {
        "CategoryEnum": "advice.api.serializers.outputs.CATEGORIES",
        "RouteEnum": "advice.api.serializers.inputs.ROUTES",
    },
}

# --- Application settings -----------------------------------------------------------------
# A monograph not reviewed for more than 24 months is stale: one rule, not a setting
# (drugs.vocabulary.review_is_stale), so the banner, the flag and the engine agree.
# A running import job with no progress (heartbeat) for this long is marked stale.
LACTRX_IMPORT_STALE_AFTER_S = env.int("LACTRX_IMPORT_STALE_AFTER_S", default=900)
LACTRX_MAX_REQUEST_BYTES = env.int("LACTRX_MAX_REQUEST_BYTES", default=256 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = LACTRX_MAX_REQUEST_BYTES
# JSON bodies (API, CDS) nested deeper than this are refused with a 400 before parsing.
LACTRX_MAX_JSON_DEPTH = env.int("LACTRX_MAX_JSON_DEPTH", default=32)
# CDS Hooks (advice.cds): FHIR servers the service may query for the breastfeeding status when
# the EHR sent no prefetch (URL prefixes; empty: never call out), that call's timeout, whether
# compatible cards are shown when the status is unknown, and a SMART app launch URL for cards.
LACTRX_CDS_FHIR_SERVERS = env.list("LACTRX_CDS_FHIR_SERVERS", default=[])
LACTRX_CDS_FHIR_TIMEOUT_S = env.float("LACTRX_CDS_FHIR_TIMEOUT_S", default=2.0)
LACTRX_CDS_INFO_WHEN_UNKNOWN = env.bool("LACTRX_CDS_INFO_WHEN_UNKNOWN", default=False)
LACTRX_SMART_LAUNCH_URL = env.str("LACTRX_SMART_LAUNCH_URL", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every message is escaped onto one line (lactmed/logsafe.py): no user input forges a line.
    "formatters": {
        "plain": {
            "()": "lactmed.logsafe.EscapingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "json": {"()": "lactmed.logsafe.JsonLinesFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("DJANGO_LOG_FORMAT", default="plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "lactmed.audit": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.security.DisallowedHost": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}
