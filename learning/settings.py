"""Retain's settings, read from the environment (see README "Configuration").

The small env_* readers at the top reject bad values with ImproperlyConfigured, so a typo in a
deployment fails at start-up with a message instead of running with a surprising default.
"""

from __future__ import annotations

import os
import zoneinfo
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value.strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (1/0, true/false, yes/no, on/off), got {raw!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(
            f"{name} must be a comma-separated list without empty items, got {raw!r}."
        )
    return items


def env_rate(name: str, default: str) -> str:
    """A throttle rate such as "1200/min" (a count, a slash, then s, m, h or d)."""
    value = env_str(name, default) or default
    count, _, period = value.partition("/")
    if not count.strip().isdigit() or period.strip()[:1] not in ("s", "m", "h", "d"):
        raise ImproperlyConfigured(f"{name} must be a rate such as '1200/min', got {value!r}.")
    return value


def env_time_zone(name: str, default: str) -> str:
    value = env_str(name, default) or default
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be an IANA time zone such as 'Europe/Paris', got {value!r}."
        ) from None
    return value


def secret_key(debug: bool) -> str:
    """SECRET_KEY from the environment; a fixed development key is allowed only with DEBUG on."""
    value = env_str("SECRET_KEY")
    if value:
        if not debug and (len(value) < 50 or len(set(value)) < 5):
            raise ImproperlyConfigured(
                "SECRET_KEY must be at least 50 characters with 5 distinct ones."
            )
        return value
    if debug:
        return "django-insecure-retain-development-key-not-for-production-use-0123456789"
    raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # SQLite database, collected static files; never committed
VAR_DIR.mkdir(exist_ok=True)

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = secret_key(DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    # Retain before django_tasks_db: its `db_worker` command (the stock one with heartbeats and the
    # job reaper, quizzes/management/commands/db_worker.py) takes the name.
    "quizzes",
    "django_tasks_db",
    "lti_tool",  # django-lti: LTI 1.3 registrations, deployments, keys, LMS users and contexts
    "quizzes.lti.apps.RetainLtiConfig",  # Retain's LTI 1.3 tool and xAPI (quizzes/lti/)
    "axes",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id, and the timer sees the whole request.
    "quizzes.ops.middleware.RequestId",
    "quizzes.ops.metrics.RequestTimer",
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security: it sees the session and CSRF cookies and the CSP header last, and
    # opens an LTI session's pages to its platform's frame (quizzes.lti.middleware).
    "quizzes.lti.middleware.LtiFrameMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "quizzes.core.web.errors.NotFoundMiddleware",
    # Last: it turns a login refused by the lockout into the login page with its message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "learning.urls"
WSGI_APPLICATION = "learning.wsgi.application"
ASGI_APPLICATION = "learning.asgi.application"

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
                "django.template.context_processors.csp",
                "quizzes.navigation.navigation",
            ],
        },
    },
]

# --- Database: SQLite in var/ by default, anything dj-database-url understands otherwise.
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60, minimum=0)
_sqlite_default = f"sqlite:///{VAR_DIR / 'retain.sqlite3'}"
try:
    _database = dj_database_url.parse(
        env_str("DATABASE_URL") or _sqlite_default,
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=True,
    )
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work during a write; IMMEDIATE takes the write lock at BEGIN so two writers
    # queue instead of failing with "database is locked" half-way through a transaction.
    _database["ENGINE"] = "learning.sqlite"  # Django's, with writers queued on a file lock
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A test database in memory cannot be shared with live_server's thread: give it a file.
    _database["TEST"] = {"NAME": str(VAR_DIR / "test-retain.sqlite3")}
elif _database["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    # Parameters bound by the server, statements prepared after a few runs on a connection and
    # planned once for any values (generic plans): planning the next-cards query cost six times
    # running it, and with custom plans PostgreSQL kept planning it on every call. Every hot
    # query here is an index walk by user, which a generic plan walks as well. Set
    # DATABASE_PREPARED_STATEMENTS=0 behind a pooler that cannot keep prepared statements
    # (PgBouncer before 1.21 in transaction mode).
    _database["OPTIONS"] = {
        **_database.get("OPTIONS", {}),
        "server_side_binding": True,
        "prepare_threshold": 5,
        "options": "-c plan_cache_mode=force_generic_plan",
    }
# DATABASE_POOL_SIZE=N (PostgreSQL): each process keeps a psycopg pool of up to N connections
# (Django's "pool" option) instead of a persistent connection per thread; give it gunicorn's
# threads per worker. PostgreSQL's max_connections must cover nodes × workers × N plus the job
# workers and the scheduler. Behind PgBouncer leave it at 0: the bouncer pools (and see
# DATABASE_PREPARED_STATEMENTS above).
DATABASE_POOL_SIZE = env_int("DATABASE_POOL_SIZE", 0, minimum=0)
if DATABASE_POOL_SIZE and _database["ENGINE"] == "django.db.backends.postgresql":
    _database["CONN_MAX_AGE"] = 0  # Django refuses persistent connections with a pool
    _database["OPTIONS"] = {
        **_database.get("OPTIONS", {}),
        "pool": {"min_size": 1, "max_size": DATABASE_POOL_SIZE, "timeout": 10},
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The lockout backend first: it refuses a locked-out account or client before any password is
# checked (quizzes.accounts.lockout; docs/security.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "courses:course-list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_time_zone("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: articles are at most 2 MB; keep Django's own ceiling just above so our message wins.
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024

# --- Security. Production (DEBUG off) assumes HTTPS behind a proxy that sets X-Forwarded-Proto.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The balancer's probes and the metrics scraper talk plain HTTP to a node (quizzes.ops).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# --- Clients, caches, throttles and the login lockout (docs/security.md).
# How many reverse proxies in front of Retain append to X-Forwarded-For (0: the header is ignored,
# REMOTE_ADDR is the client). Every throttle and the lockout count clients by this rule only.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# The shared cache all server processes count in: Redis when REDIS_URL is set, else a table in the
# database (made by a migration, quizzes/migrations/0003_…; `manage.py createcachetable` also
# makes it). MAX_ENTRIES is high so the database cache never culls live counters.
_redis_url = env_str("REDIS_URL")
# A Redis that hangs fails a request in two seconds (and /readyz), not at the socket's whim.
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if _redis_url
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "retain_cache",
            "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
        }
    )
}
CACHES["default"]["KEY_PREFIX"] = "retain"
if _redis_url:
    # Sessions read from Redis and written through to the database: a Redis restart or an
    # eviction signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Failed sign-ins (web login and POST /api/v1/auth/token/): at most LOGIN_FAILURES_PER_ACCOUNT for
# one username and LOGIN_FAILURES_PER_CLIENT from one client address; reaching either blocks
# that account or client until LOGIN_COOLOFF_MINUTES pass without a counted failure. Attempts
# refused during the cool-off are not counted (they check no password).
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 10, minimum=1)
LOGIN_FAILURES_PER_CLIENT = env_int("LOGIN_FAILURES_PER_CLIENT", 50, minimum=1)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1)
AXES_HANDLER = "quizzes.accounts.lockout.LoginLockoutHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_ACCOUNT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "quizzes.core.clients.client_address"
AXES_LOCKOUT_CALLABLE = "quizzes.accounts.lockout.lockout_response"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False

# Wrong join codes: at most this many per user, and per client address, per hour.
JOIN_FAILURES_PER_USER = env_int("JOIN_FAILURES_PER_USER", 10, minimum=1)
JOIN_FAILURES_PER_CLIENT = env_int("JOIN_FAILURES_PER_CLIENT", 60, minimum=1)

# API tokens expire this many days after they are made (0: never). See quizzes.accounts.tokens.
API_TOKEN_LIFETIME_DAYS = env_int("API_TOKEN_LIFETIME_DAYS", 90, minimum=0)

# --- Background jobs (django.tasks). The database backend needs the `db_worker` process.
TASKS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}
# TASKS_BACKEND=django_tasks_rq.RQBackend: the same jobs in Redis (RQ_URL, else REDIS_URL), run by
# `manage.py rqworker --job-class django_tasks_rq.Job default` processes (README "Running in
# production"). A queue must not lose keys: give Redis `maxmemory-policy noeviction`, or the
# queue a Redis of its own through RQ_URL.
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    _rq_url = env_str("RQ_URL") or _redis_url
    if not _rq_url:
        raise ImproperlyConfigured(
            "TASKS_BACKEND=django_tasks_rq.RQBackend needs REDIS_URL or RQ_URL."
        )
    INSTALLED_APPS += ["django_rq"]
    TASKS["default"]["QUEUES"] = ["default"]
    RQ_QUEUES = {"default": {"URL": _rq_url, "DEFAULT_TIMEOUT": 900}}
# The worker (`manage.py db_worker`) writes a heartbeat every WORKER_HEARTBEAT_SECONDS; a job left
# RUNNING by a worker silent for WORKER_STALE_SECONDS is reaped (quizzes.core.jobs).
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 5, minimum=1)
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 60, minimum=2)
# Periodic jobs that `manage.py scheduler` queues (task: every so many seconds); one scheduler at
# a time holds the lease, renewed each round, taken over SCHEDULER_LEASE_SECONDS after its
# holder stops renewing it (quizzes.ops.schedule).
SCHEDULE = {
    "quizzes.quiz.tasks.submit_overdue_attempts": 60,
    "quizzes.lti.tasks.sync_due": 60,
    "quizzes.study.tasks.refit_due": 3600,
    "quizzes.ops.tasks.clean_expired": 3600,
}
SCHEDULER_LEASE_SECONDS = env_int("SCHEDULER_LEASE_SECONDS", 30, minimum=2)
# Finished jobs of the database queue are kept this long (for the admin and the instructor).
JOB_RESULTS_KEEP_DAYS = env_int("JOB_RESULTS_KEEP_DAYS", 7, minimum=1)

# --- REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an API client with a bad token gets 401 with WWW-Authenticate, not 403.
        "quizzes.accounts.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # JSON bodies are bounded in size and depth and refused with a NUL in them (core.bounds).
    "DEFAULT_PARSER_CLASSES": [
        "quizzes.core.api.parsers.CheckedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "quizzes.core.api.throttles.UserThrottle",
        "quizzes.core.api.throttles.AnonThrottle",
    ],
    # Sized so study never meets them: a session posts a review every few seconds and fetches
    # cards as often, an offline queue posts up to 500 reviews in one request.
    "DEFAULT_THROTTLE_RATES": {
        "user": env_rate("API_RATE_USER", "1200/min"),
        "anon": env_rate("API_RATE_ANON", "120/min"),
        "auth-token": env_rate("API_RATE_TOKEN", "30/min"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "quizzes.core.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Retain API",
    "DESCRIPTION": "Articles to quizzes and spaced-repetition flashcards.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # <id:…> (quizzes.core.converters): an integer from 1 to 2**63 - 1.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1},
    },
}

# --- Logs: one JSON object a line (LOG_FORMAT=json, the default with DEBUG off) or plain text,
# each with the request's id and the job's (quizzes.ops.logs). LOG_REQUESTS=1 logs every request.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "quizzes.ops.logs.ContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(job_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(request_tag)s%(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "retain.requests": {"level": "INFO" if env_bool("LOG_REQUESTS", False) else "WARNING"}
    },
}

# /metrics (quizzes.ops.metrics): with a token, to requests bearing it; else to loopback only.
METRICS_TOKEN = env_str("METRICS_TOKEN", "") or ""

# --- LMS integration (LTI 1.3) and xAPI: see docs/lti.md.
# Retain's public address, for what is built outside a request (xAPI activity ids in jobs).
RETAIN_SITE_URL = (env_str("RETAIN_SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
# Clock skew tolerated on an id_token's exp/iat (seconds), and how long an OIDC login may wait for
# its launch.
LTI_LEEWAY_SECONDS = env_int("LTI_LEEWAY_SECONDS", 60, minimum=0)
LTI_LOGIN_TTL_SECONDS = env_int("LTI_LOGIN_TTL_SECONDS", 600, minimum=30)
# Platforms (and LRSs) registered over plain http: only for development and tests.
LTI_ALLOW_HTTP = env_bool("LTI_ALLOW_HTTP", default=DEBUG)

# Article limits (enforced by quizzes.sources.services; shown in messages).
RETAIN_MAX_ARTICLE_CHARS = 200_000
RETAIN_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
